module example.com/timberlake-pr97

go 1.22
