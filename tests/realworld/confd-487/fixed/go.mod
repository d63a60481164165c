module example.com/confd-487

go 1.22
