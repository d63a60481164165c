module example.com/govmomi-1335

go 1.22
