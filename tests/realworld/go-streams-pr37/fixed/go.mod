module example.com/go-streams-pr37

go 1.22
