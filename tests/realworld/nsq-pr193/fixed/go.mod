module example.com/nsq-pr193

go 1.22
