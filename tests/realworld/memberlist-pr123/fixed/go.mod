module example.com/memberlist-pr123

go 1.22
