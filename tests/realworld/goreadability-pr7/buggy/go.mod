module example.com/goreadability-pr7

go 1.22
