module example.com/amqp-pr260

go 1.22
