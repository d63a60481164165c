module example.com/fasthttp-pr1565

go 1.22
