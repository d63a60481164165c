module example.com/zarf-pr4656

go 1.22
