module goleash.bench/gosyntax

go 1.27
