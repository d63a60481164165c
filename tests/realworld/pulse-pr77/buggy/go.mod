module example.com/pulse-pr77

go 1.22
