module example.com/toxiproxy-pr436

go 1.22
