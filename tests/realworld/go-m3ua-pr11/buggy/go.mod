module example.com/go-m3ua-pr11

go 1.22
