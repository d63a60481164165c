module example.com/sensu-go-pr1265

go 1.22
