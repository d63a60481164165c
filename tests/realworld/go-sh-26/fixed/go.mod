module example.com/go-sh-26

go 1.22
