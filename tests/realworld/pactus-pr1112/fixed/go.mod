module example.com/pactus-pr1112

go 1.22
