module example.com/gateway-pr5538

go 1.22
