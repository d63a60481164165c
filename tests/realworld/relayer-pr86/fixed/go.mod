module example.com/relayer-pr86

go 1.22
