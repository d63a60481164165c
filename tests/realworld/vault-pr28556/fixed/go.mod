module example.com/vault-pr28556

go 1.22
