module example.com/sequins-pr90

go 1.22
