module example.com/grafana-pr35510

go 1.22
