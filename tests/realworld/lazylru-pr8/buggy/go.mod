module example.com/lazylru-pr8

go 1.22
