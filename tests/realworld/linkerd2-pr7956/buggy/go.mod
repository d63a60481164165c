module example.com/linkerd2-pr7956

go 1.22
