package grpc

import "context"

// State is a connection's connectivity state, after grpc's connectivity
// package.
type State int

const (
	Idle State = iota
	Connecting
	Ready
	TransientFailure
	Shutdown
)

func (s State) String() string {
	switch s {
	case Idle:
		return "IDLE"
	case Connecting:
		return "CONNECTING"
	case Ready:
		return "READY"
	case TransientFailure:
		return "TRANSIENT_FAILURE"
	default:
		return "SHUTDOWN"
	}
}

// Conn is the part of *grpc.ClientConn the source store uses.
type Conn interface {
	GetState() State
	// WaitForStateChange blocks until the state differs from source (true)
	// or ctx is done (false).
	WaitForStateChange(ctx context.Context, source State) bool
	Close() error
}

// CatalogKey names a CatalogSource.
type CatalogKey struct {
	Name      string
	Namespace string
}
