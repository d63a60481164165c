module example.com/loki-pr4238

go 1.22
