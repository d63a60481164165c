module example.com/go-spacemesh-pr1630

go 1.22
