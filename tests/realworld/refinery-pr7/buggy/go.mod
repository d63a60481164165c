module example.com/refinery-pr7

go 1.22
