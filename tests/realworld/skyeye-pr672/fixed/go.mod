module example.com/skyeye-pr672

go 1.22
