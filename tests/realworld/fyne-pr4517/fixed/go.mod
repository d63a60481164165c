module example.com/fyne-pr4517

go 1.22
