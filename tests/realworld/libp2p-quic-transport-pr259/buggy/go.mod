module example.com/libp2p-quic-transport-pr259

go 1.22
