module example.com/pkg-pr61

go 1.22
