module example.com/operator-lifecycle-manager-pr1116

go 1.22
