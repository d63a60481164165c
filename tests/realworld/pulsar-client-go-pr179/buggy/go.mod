module example.com/pulsar-client-go-pr179

go 1.22
