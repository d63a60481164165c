module example.com/opencensus-go-pr156

go 1.22
