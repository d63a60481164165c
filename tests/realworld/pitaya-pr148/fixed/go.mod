module example.com/pitaya-pr148

go 1.22
