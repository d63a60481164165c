module example.com/beyla-pr1321

go 1.22
