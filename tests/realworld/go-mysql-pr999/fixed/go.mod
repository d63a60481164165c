module example.com/go-mysql-pr999

go 1.22
