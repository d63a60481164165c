module example.com/aerospike-client-go-pr126

go 1.22
