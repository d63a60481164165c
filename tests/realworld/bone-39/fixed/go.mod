module example.com/bone-39

go 1.22
