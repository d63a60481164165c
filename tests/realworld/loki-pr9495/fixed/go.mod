module example.com/loki-pr9495

go 1.22
