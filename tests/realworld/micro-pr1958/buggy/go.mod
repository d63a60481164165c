module example.com/micro-pr1958

go 1.22
