module example.com/faas-cli-pr470

go 1.22
