module example.com/mdns-pr73

go 1.22
