module example.com/influxdb-pr10541

go 1.22
