module example.com/lntop-pr87

go 1.22
