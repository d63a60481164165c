module example.com/thanos-pr7618

go 1.22
