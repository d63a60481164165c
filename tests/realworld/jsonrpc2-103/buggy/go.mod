module example.com/jsonrpc2-103

go 1.22
