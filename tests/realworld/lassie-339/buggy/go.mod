module example.com/lassie-339

go 1.22
