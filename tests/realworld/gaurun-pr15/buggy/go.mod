module example.com/gaurun-pr15

go 1.22
