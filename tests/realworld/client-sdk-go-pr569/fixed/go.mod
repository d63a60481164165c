module example.com/client-sdk-go-pr569

go 1.22
