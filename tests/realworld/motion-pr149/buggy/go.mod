module example.com/motion-pr149

go 1.22
