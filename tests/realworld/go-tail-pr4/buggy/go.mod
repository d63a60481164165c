module example.com/go-tail-pr4

go 1.22
