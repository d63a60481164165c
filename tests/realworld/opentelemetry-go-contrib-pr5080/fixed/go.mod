module example.com/opentelemetry-go-contrib-pr5080

go 1.22
