module example.com/unleash-go-sdk-pr31

go 1.22
