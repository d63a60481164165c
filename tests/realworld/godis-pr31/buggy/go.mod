module example.com/godis-pr31

go 1.22
