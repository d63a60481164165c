module example.com/rocketmq-client-go-pr866

go 1.22
