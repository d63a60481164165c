module example.com/go-nsq-11

go 1.22
