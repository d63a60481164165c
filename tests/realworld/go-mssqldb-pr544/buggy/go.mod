module example.com/go-mssqldb-pr544

go 1.22
