module example.com/go-libp2p-pubsub-pr434

go 1.22
