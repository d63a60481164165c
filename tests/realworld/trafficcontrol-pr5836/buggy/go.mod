module example.com/trafficcontrol-pr5836

go 1.22
