package network

import "context"

// Info is the node summary returned by the lightning backend.
type Info struct {
	BlockHeight         uint32
	NumPeers            uint32
	NumPendingChannels  uint32
	NumActiveChannels   uint32
	NumInactiveChannels uint32
}

// Network is the lightning backend (lnd over gRPC upstream).
type Network interface {
	Info(ctx context.Context) (*Info, error)
}
