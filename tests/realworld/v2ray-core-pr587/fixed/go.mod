module example.com/v2ray-core-pr587

go 1.22
