package pubsub

import "context"

// ID names a remote peer (peer.ID upstream).
type ID string

// Stream is the part of a libp2p network.Stream that pubsub uses.
type Stream interface {
	Read(b []byte) (int, error)
	Write(b []byte) (int, error)
	Close() error
	Reset() error
	RemotePeer() ID
	Protocol() string
}

// Host is the part of the libp2p host that pubsub uses.
type Host interface {
	NewStream(ctx context.Context, p ID, protocols ...string) (Stream, error)
	// Connected reports whether the swarm still holds a connection to p.
	Connected(p ID) bool
}

// Router is the message router (floodsub, gossipsub) attached to a PubSub.
type Router interface {
	Protocols() []string
	AddPeer(p ID, protocol string)
	RemovePeer(p ID)
}
