module example.com/consistent-pr24

go 1.22
