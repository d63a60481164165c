module example.com/pbnj-pr110

go 1.22
