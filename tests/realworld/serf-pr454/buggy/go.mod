module example.com/serf-pr454

go 1.22
