module example.com/ebiten-pr1047

go 1.22
