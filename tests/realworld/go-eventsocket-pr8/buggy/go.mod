module example.com/go-eventsocket-pr8

go 1.22
