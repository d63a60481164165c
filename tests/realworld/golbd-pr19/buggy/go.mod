module example.com/golbd-pr19

go 1.22
