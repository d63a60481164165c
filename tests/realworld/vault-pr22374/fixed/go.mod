module example.com/vault-pr22374

go 1.22
