module example.com/kuberesolver-pr64

go 1.22
