module example.com/cron-pr60

go 1.22
