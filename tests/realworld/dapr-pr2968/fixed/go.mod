module example.com/dapr-pr2968

go 1.22
