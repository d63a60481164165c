module example.com/kubevirt-pr6168

go 1.22
