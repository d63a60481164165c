module example.com/testgrid-pr287

go 1.22
