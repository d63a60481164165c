module example.com/restic-pr2603

go 1.22
