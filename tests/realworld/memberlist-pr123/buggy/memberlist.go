// Package memberlist manages cluster membership over a gossip protocol.
package memberlist

import (
	"log"
	"os"
	"sync"
	"time"
)

// Node is a member of the cluster.
type Node struct {
	Name string
	Addr string
	PMax uint8
}

type nodeState struct {
	Node
	State int
}

// Memberlist is the local member's view of the cluster.
type Memberlist struct {
	shutdown   bool
	shutdownCh chan struct{}

	transport *NetTransport
	logger    *log.Logger

	nodeLock sync.RWMutex
	nodeMap  map[string]*nodeState

	tickerLock sync.Mutex
	tickers    []*time.Ticker
	stopTick   chan struct{}
}

// Create binds the transport and starts the background listeners.
func Create(bindAddr string) (*Memberlist, error) {
	logger := log.New(os.Stderr, "", log.LstdFlags)
	transport, err := NewNetTransport(bindAddr, logger)
	if err != nil {
		return nil, err
	}
	m := &Memberlist{
		shutdownCh: make(chan struct{}),
		transport:  transport,
		logger:     logger,
		nodeMap:    make(map[string]*nodeState),
	}
	go m.packetListen()
	return m, nil
}

// Shutdown stops the background maintenance and the network activity of
// this memberlist. It is safe to call it several times.
func (m *Memberlist) Shutdown() error {
	m.nodeLock.Lock()
	defer m.nodeLock.Unlock()

	if m.shutdown {
		return nil
	}

	// Shut down the transport first, which blocks until it is torn down.
	if err := m.transport.Shutdown(); err != nil {
		m.logger.Printf("[ERR] Failed to shutdown transport: %v", err)
	}

	// Now tear down everything else.
	m.shutdown = true
	close(m.shutdownCh)
	m.deschedule()
	return nil
}

// deschedule stops the periodic probe and gossip tickers.
func (m *Memberlist) deschedule() {
	m.tickerLock.Lock()
	defer m.tickerLock.Unlock()
	if m.stopTick == nil {
		return
	}
	close(m.stopTick)
	m.stopTick = nil
	for _, t := range m.tickers {
		t.Stop()
	}
	m.tickers = nil
}
