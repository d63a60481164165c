package ok

import (
	"errors"
	"sync"
	"time"
)

// Mux hands each reply to the request waiting for it.
type Mux struct {
	mu      sync.Mutex
	waiting map[uint32]chan []byte
	replies chan [2][]byte
}

func NewMux() *Mux {
	m := &Mux{waiting: make(map[uint32]chan []byte), replies: make(chan [2][]byte)}
	go m.dispatch()
	return m
}

func (m *Mux) dispatch() {
	for r := range m.replies {
		m.mu.Lock()
		if ch := m.waiting[uint32(r[0][0])]; ch != nil {
			ch <- r[1]
		}
		m.mu.Unlock()
	}
}

// shape: the dispatcher sends while it holds the lock the request takes to remove and close its channel: no send can come after the close
func (m *Mux) Call(id uint32, timeout time.Duration) ([]byte, error) {
	ch := make(chan []byte, 1)
	m.mu.Lock()
	m.waiting[id] = ch
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.waiting, id)
		close(ch)
		m.mu.Unlock()
	}()
	select {
	case b := <-ch:
		return b, nil
	case <-time.After(timeout):
		return nil, errors.New("timeout")
	}
}
