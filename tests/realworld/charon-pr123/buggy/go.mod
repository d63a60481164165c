module example.com/charon-pr123

go 1.22
