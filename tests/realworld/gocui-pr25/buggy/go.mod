module example.com/gocui-pr25

go 1.22
