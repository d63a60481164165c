module example.com/google-api-go-client-pr1802

go 1.22
