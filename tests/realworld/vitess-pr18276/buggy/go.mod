module example.com/vitess-pr18276

go 1.22
