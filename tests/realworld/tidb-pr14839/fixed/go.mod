module example.com/tidb-pr14839

go 1.22
