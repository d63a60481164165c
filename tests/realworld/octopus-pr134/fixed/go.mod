module example.com/octopus-pr134

go 1.22
