module example.com/ratnet-pr24

go 1.22
