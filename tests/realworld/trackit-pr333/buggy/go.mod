module example.com/trackit-pr333

go 1.22
