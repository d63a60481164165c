module example.com/opentelemetry-collector-contrib-pr1505

go 1.22
