module example.com/kafka-go-pr648

go 1.22
