module example.com/gxui-69

go 1.22
