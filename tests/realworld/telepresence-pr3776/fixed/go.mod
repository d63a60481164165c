module example.com/telepresence-pr3776

go 1.22
