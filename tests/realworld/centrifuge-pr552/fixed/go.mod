module example.com/centrifuge-pr552

go 1.22
