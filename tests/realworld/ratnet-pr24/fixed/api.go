package p2p

// Transport is the stand-in for api.Transport.
type Transport interface {
	Name() string
	Listen(listen string, adminMode bool)
	Stop()
}

// Node is the stand-in for api.Node.
type Node interface {
	ID() (string, error)
	AddPeer(uri string) error
}
