module example.com/grabbit-pr91

go 1.22
