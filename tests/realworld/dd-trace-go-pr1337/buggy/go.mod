module example.com/dd-trace-go-pr1337

go 1.22
