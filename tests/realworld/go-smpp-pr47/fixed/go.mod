module example.com/go-smpp-pr47

go 1.22
