module example.com/yamux-pr52

go 1.22
