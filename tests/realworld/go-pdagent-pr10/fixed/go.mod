module example.com/go-pdagent-pr10

go 1.22
