package contentrouter

import "context"

// Cid names a block of content.
type Cid string

// PeerID names a peer.
type PeerID string

// Multiaddr is a peer network address.
type Multiaddr string

// AddrInfo is a peer and the addresses it can be reached at.
type AddrInfo struct {
	ID    PeerID
	Addrs []Multiaddr
}

// SchemaPeer is the schema of peer records.
const SchemaPeer = "peer"

// Record is one record of a delegated routing response.
type Record interface {
	GetSchema() string
}

// PeerRecord is a record that names a provider peer.
type PeerRecord struct {
	ID    *PeerID
	Addrs []Multiaddr
}

// GetSchema implements Record.
func (r *PeerRecord) GetSchema() string { return SchemaPeer }

// Result is a value or an error produced by an iterator.
type Result[T any] struct {
	Val T
	Err error
}

// ResultIter iterates over the records of a streamed HTTP response.
type ResultIter[T any] interface {
	Next() bool
	Val() Result[T]
	Close() error
}

// Client is the delegated routing HTTP client.
type Client interface {
	GetProviders(ctx context.Context, key Cid) (ResultIter[Record], error)
}
