package buggy

import "sync"

type Event struct{ Name string }

// Broker fans events out to subscribers; each subscriber ranges over its channel.
type Broker struct {
	mu   sync.Mutex
	subs map[string]chan Event
}

func (b *Broker) Subscribe(id string) <-chan Event {
	ch := make(chan Event, 8)
	b.mu.Lock()
	b.subs[id] = ch
	b.mu.Unlock()
	return ch
}
