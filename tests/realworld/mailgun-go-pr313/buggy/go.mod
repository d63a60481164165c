module example.com/mailgun-go-pr313

go 1.22
