module example.com/go-elasticsearch-pr603

go 1.22
