module example.com/lotusdb-pr17

go 1.22
