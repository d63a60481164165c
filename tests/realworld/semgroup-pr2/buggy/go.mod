module example.com/semgroup-pr2

go 1.22
