module example.com/backoff-pr30

go 1.22
