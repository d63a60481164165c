module example.com/quobyte-csi-driver-pr58

go 1.22
