module example.com/queue-pr5

go 1.22
