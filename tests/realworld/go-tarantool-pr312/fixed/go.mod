module example.com/go-tarantool-pr312

go 1.22
