module example.com/properties-pr35

go 1.22
