module example.com/tesla-pr63

go 1.22
