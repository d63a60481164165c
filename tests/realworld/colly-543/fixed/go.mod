module example.com/colly-543

go 1.22
