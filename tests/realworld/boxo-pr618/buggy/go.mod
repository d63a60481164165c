module example.com/boxo-pr618

go 1.22
