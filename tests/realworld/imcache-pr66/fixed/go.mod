module example.com/imcache-pr66

go 1.22
