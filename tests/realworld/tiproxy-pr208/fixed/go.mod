module example.com/tiproxy-pr208

go 1.22
