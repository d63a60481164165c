module example.com/sarama-1554

go 1.22
