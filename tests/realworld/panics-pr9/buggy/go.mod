module example.com/panics-pr9

go 1.22
