module example.com/agola-pr117

go 1.22
