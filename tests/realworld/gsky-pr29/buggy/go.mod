module example.com/gsky-pr29

go 1.22
