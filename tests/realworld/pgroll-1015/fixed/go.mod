module example.com/pgroll-1015

go 1.22
