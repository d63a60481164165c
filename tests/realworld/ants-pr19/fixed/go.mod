module example.com/ants-pr19

go 1.22
