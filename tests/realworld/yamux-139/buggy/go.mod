module example.com/yamux-139

go 1.22
