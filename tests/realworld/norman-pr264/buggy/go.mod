module example.com/norman-pr264

go 1.22
