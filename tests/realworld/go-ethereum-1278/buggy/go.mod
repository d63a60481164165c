module example.com/go-ethereum-1278

go 1.22
