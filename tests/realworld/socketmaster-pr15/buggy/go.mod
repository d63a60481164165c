module example.com/socketmaster-pr15

go 1.22
