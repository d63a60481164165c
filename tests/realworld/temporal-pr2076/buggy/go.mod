module example.com/temporal-pr2076

go 1.22
