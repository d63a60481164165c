module example.com/cilium-pr42713

go 1.22
