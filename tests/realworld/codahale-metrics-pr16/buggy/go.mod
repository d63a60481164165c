module example.com/codahale-metrics-pr16

go 1.22
