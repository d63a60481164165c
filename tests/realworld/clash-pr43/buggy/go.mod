module example.com/clash-pr43

go 1.22
