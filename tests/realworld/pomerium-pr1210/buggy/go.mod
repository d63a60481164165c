module example.com/pomerium-pr1210

go 1.22
