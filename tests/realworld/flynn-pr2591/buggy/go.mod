module example.com/flynn-pr2591

go 1.22
