module example.com/logkit-pr683

go 1.22
