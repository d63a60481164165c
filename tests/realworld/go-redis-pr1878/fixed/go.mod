module example.com/go-redis-pr1878

go 1.22
