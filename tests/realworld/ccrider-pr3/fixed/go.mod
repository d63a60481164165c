module example.com/ccrider-pr3

go 1.22
