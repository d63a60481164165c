module example.com/go-libp2p-kad-dht-510

go 1.22
