module example.com/contest-pr195

go 1.22
