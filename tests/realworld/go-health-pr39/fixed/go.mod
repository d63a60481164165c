module example.com/go-health-pr39

go 1.22
