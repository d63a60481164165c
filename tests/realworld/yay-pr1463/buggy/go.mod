module example.com/yay-pr1463

go 1.22
