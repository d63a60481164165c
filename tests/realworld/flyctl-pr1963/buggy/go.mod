module example.com/flyctl-pr1963

go 1.22
