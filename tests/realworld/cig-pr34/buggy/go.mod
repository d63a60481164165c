module example.com/cig-pr34

go 1.22
