module example.com/gossamer-1243

go 1.22
