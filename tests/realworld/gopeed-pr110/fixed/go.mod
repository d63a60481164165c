module example.com/gopeed-pr110

go 1.22
