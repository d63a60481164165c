module example.com/datadog-go-pr269

go 1.22
