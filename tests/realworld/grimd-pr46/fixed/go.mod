module example.com/grimd-pr46

go 1.22
