module example.com/stomp-pr52

go 1.22
