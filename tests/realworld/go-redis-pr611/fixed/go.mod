module example.com/go-redis-pr611

go 1.22
