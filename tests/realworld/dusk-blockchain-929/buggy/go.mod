module example.com/dusk-blockchain-929

go 1.22
