module example.com/health-go-pr225

go 1.22
