module example.com/dep-radar-pr28

go 1.22
