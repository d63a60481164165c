module example.com/nebula-pr284

go 1.22
