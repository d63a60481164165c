module example.com/btcd-pr1228

go 1.22
