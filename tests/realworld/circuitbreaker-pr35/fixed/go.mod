module example.com/circuitbreaker-pr35

go 1.22
