module example.com/badger-pr1749

go 1.22
