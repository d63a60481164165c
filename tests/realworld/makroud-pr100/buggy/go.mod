module example.com/makroud-pr100

go 1.22
