module example.com/consul-pr14916

go 1.22
