module example.com/node-pr2160

go 1.22
