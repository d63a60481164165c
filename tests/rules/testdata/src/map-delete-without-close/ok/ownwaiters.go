package ok

import (
	"context"
	"sync"
)

// shape: waiters that remove their own channel once they are done with it: through a
// deregistration each of them defers, or right after taking the one value from it.

type mailbox struct {
	mu      sync.Mutex
	nextID  uint32
	waiters map[uint32]chan uint32
	buffers map[string]chan []byte
}

func (m *mailbox) registerWaiter() (uint32, <-chan uint32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	ch := make(chan uint32, 1)
	m.waiters[m.nextID] = ch
	return m.nextID, ch
}

func (m *mailbox) deregisterWaiter(id uint32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.waiters, id)
}

// Await waits for the next message id.
func (m *mailbox) Await(ctx context.Context) (uint32, error) {
	id, ch := m.registerWaiter()
	defer m.deregisterWaiter(id)
	select {
	case got := <-ch:
		return got, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (m *mailbox) buffer(duty string) chan []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	ch, ok := m.buffers[duty]
	if !ok {
		ch = make(chan []byte, 1)
		m.buffers[duty] = ch
	}
	return ch
}

// Deliver hands a duty's data to whoever resolves it.
func (m *mailbox) Deliver(duty string, data []byte) { m.buffer(duty) <- data }

// Resolve waits for a duty's data.
func (m *mailbox) Resolve(ctx context.Context, duty string) ([]byte, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case data := <-m.buffer(duty):
		m.mu.Lock()
		delete(m.buffers, duty)
		m.mu.Unlock()
		return data, nil
	}
}
