module example.com/average-pr5

go 1.22
