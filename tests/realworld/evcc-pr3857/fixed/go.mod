module example.com/evcc-pr3857

go 1.22
