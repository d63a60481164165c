module example.com/gocron-pr375

go 1.22
