module example.com/cadvisor-pr2549

go 1.22
