module example.com/dskit-pr355

go 1.22
