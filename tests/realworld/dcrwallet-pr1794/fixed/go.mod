module example.com/dcrwallet-pr1794

go 1.22
