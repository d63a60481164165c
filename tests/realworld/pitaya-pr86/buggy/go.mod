module example.com/pitaya-pr86

go 1.22
