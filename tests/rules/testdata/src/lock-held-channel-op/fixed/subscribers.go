package fixed

import "sync"

type subscription struct {
	id      int
	updates chan []string
}

// Broker copies its subscriptions under the lock and sends after releasing it.
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
	subs := make([]*subscription, 0, len(b.subs))
	for _, s := range b.subs {
		subs = append(subs, s)
	}
	b.mu.Unlock()
	for _, s := range subs {
		s.updates <- keys
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
