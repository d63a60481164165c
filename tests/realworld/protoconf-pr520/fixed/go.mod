module example.com/protoconf-pr520

go 1.22
