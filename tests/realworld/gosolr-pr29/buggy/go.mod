module example.com/gosolr-pr29

go 1.22
