module example.com/statsviz-13

go 1.22
