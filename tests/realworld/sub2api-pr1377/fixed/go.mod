module example.com/sub2api-pr1377

go 1.22
