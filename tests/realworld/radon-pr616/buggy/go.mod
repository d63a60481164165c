module example.com/radon-pr616

go 1.22
