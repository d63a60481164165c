package buggy

import "sync"

// Event is one published message.
type Event struct {
	Topic string
	Body  []byte
}

// Broker buffers events for a single consumer.
type Broker struct {
	mu      sync.Mutex
	arrived *sync.Cond
	pending []Event
}

// NewBroker returns an empty broker.
func NewBroker() *Broker {
	b := &Broker{}
	b.arrived = sync.NewCond(&b.mu)
	return b
}

// shape: a struct field Cond; the publisher (publish.go) appends without signalling
func (b *Broker) Next() Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.pending) == 0 {
		b.arrived.Wait() // want "cond-never-signalled: waits for a Signal or Broadcast that never comes"
	}
	ev := b.pending[0]
	b.pending = b.pending[1:]
	return ev
}
