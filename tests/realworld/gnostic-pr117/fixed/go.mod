module example.com/gnostic-pr117

go 1.22
