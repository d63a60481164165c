module example.com/celo-blockchain-pr1660

go 1.22
