package ipnlocal

import "sync"

// Status is what the wireguard engine reports about itself.
type Status struct {
	LocalAddrs []string
	NumPeers   int
}

// StatusCallback receives every status the engine posts.
type StatusCallback func(*Status, error)

// Engine stands in for wgengine.Engine.
type Engine interface {
	SetStatusCallback(StatusCallback)
	// RequestStatus makes the engine post its current status to the
	// callback, from the calling goroutine.
	RequestStatus()
	Reconfig(peers int) error
}

// userspaceEngine is a minimal engine that reports its peer count.
type userspaceEngine struct {
	mu       sync.Mutex
	peers    int
	addrs    []string
	statusCb StatusCallback
}

func newUserspaceEngine(addrs []string) *userspaceEngine {
	return &userspaceEngine{addrs: addrs}
}

func (e *userspaceEngine) SetStatusCallback(cb StatusCallback) {
	e.mu.Lock()
	e.statusCb = cb
	e.mu.Unlock()
}

func (e *userspaceEngine) Reconfig(peers int) error {
	e.mu.Lock()
	e.peers = peers
	e.mu.Unlock()
	return nil
}

func (e *userspaceEngine) RequestStatus() {
	e.mu.Lock()
	cb := e.statusCb
	st := &Status{LocalAddrs: append([]string(nil), e.addrs...), NumPeers: e.peers}
	e.mu.Unlock()
	if cb != nil {
		cb(st, nil)
	}
}
