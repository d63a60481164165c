module example.com/sqls-pr204

go 1.22
