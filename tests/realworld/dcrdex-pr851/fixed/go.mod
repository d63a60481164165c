module example.com/dcrdex-pr851

go 1.22
