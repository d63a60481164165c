module example.com/lnd-pr1339

go 1.22
