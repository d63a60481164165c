package buggy

import "sync"

type subscription struct {
	id      int
	updates chan []string
}

// Broker fans updates out to its subscriptions while holding its lock.
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

// shape: the send waits for a consumer while the lock is held; the consumer, between two
// receives, asks the broker to unsubscribe it, which needs that lock
func (b *Broker) Publish(keys []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s.updates <- keys // want "lock-held-channel-op: between two receives, calls a method that locks"
	}
}

type Watcher struct {
	broker *Broker
}

func (w *Watcher) Watch(cb func([]string) error) error {
	s := w.broker.Subscribe()
	for keys := range s.updates {
		if err := cb(keys); err != nil {
			w.broker.Unsubscribe(s.id)
			return err
		}
	}
	return nil
}
