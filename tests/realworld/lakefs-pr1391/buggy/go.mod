module example.com/lakefs-pr1391

go 1.22
