module example.com/circleci-ex-pr1103

go 1.22
