package ok

import (
	"errors"
	"io"
	"sync"
)

// Mux's receive loop records why it stopped and closes shutdownCh after it: a caller that
// sees the channel closed reads the error the loop wrote before closing it.
type Mux struct {
	shutdownMu  sync.Mutex
	shutdownErr error
	shutdownCh  chan struct{}
	streams     chan int
	logf        func(string, ...any)
}

func NewMux(r io.Reader) *Mux {
	m := &Mux{shutdownCh: make(chan struct{}), streams: make(chan int), logf: func(string, ...any) {}}
	go m.recvLoop(r)
	return m
}

func (m *Mux) recvLoop(r io.Reader) {
	buf := make([]byte, 64)
	for id := 0; ; id++ {
		if _, err := r.Read(buf); err != nil {
			m.shutdownMu.Lock()
			if m.shutdownErr == nil {
				m.shutdownErr = err
			}
			m.shutdownMu.Unlock()
			close(m.shutdownCh)
			m.logf("mux: receive loop stopped: %v", err)
			return
		}
		select {
		case m.streams <- id:
		case <-m.shutdownCh:
			return
		}
	}
}

func (m *Mux) Close() {
	m.shutdownMu.Lock()
	if m.shutdownErr == nil {
		m.shutdownErr = errors.New("closed")
	}
	m.shutdownMu.Unlock()
}

// shape: the read comes after the receive that sees shutdownCh closed, which the loop closes
// after it set the error
func (m *Mux) Accept() (int, error) {
	select {
	case id := <-m.streams:
		return id, nil
	case <-m.shutdownCh:
		return 0, m.shutdownErr
	}
}
