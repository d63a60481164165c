module example.com/go-timer-pr26

go 1.22
