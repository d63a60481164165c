module example.com/jaeger-pr2587

go 1.22
