module example.com/nri-flex-pr667

go 1.22
