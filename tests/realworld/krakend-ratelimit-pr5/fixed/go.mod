module example.com/krakend-ratelimit-pr5

go 1.22
