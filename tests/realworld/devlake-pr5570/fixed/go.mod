module example.com/devlake-pr5570

go 1.22
