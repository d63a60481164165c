module example.com/lux-pr832

go 1.22
