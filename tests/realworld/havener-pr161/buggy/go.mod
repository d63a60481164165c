module example.com/havener-pr161

go 1.22
