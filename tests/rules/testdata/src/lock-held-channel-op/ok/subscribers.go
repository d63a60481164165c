package ok

import "sync"

type subscription struct {
	id      int
	updates chan []string
}

// Broker sends under its lock, but never blocks there: a full subscription drops the update.
// The consumer may take the lock between receives without stalling the publisher for good.
type Broker struct {
	mu   sync.Mutex
	subs map[int]*subscription
	next int
}

func (b *Broker) Subscribe() *subscription {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.next++
	s := &subscription{id: b.next, updates: make(chan []string, 16)}
	b.subs[s.id] = s
	return s
}

func (b *Broker) Unsubscribe(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, id)
}

func (b *Broker) Publish(keys []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		select {
		case s.updates <- keys:
		default:
		}
	}
}

type Watcher struct {
	broker *Broker
}

// Watch unsubscribes only after its loop has ended.
func (w *Watcher) Watch(cb func([]string) error) error {
	s := w.broker.Subscribe()
	var err error
	for keys := range s.updates {
		if err = cb(keys); err != nil {
			break
		}
	}
	w.broker.Unsubscribe(s.id)
	return err
}
