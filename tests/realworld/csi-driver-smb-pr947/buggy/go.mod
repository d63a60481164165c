module example.com/csi-driver-smb-pr947

go 1.22
