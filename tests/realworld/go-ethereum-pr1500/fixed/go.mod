module example.com/go-ethereum-pr1500

go 1.22
