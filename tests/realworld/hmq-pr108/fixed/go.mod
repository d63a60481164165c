module example.com/hmq-pr108

go 1.22
