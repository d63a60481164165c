module example.com/go-director-pr6

go 1.22
