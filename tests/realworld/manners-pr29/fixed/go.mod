module example.com/manners-pr29

go 1.22
