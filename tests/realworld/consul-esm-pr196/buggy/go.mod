module example.com/consul-esm-pr196

go 1.22
