package fixed

import "sync"

// Queue hands out items; Next blocks until one is pushed.
type Queue struct {
	mu     sync.Mutex
	items  []string
	signal chan struct{}
}

func NewQueue() *Queue { return &Queue{signal: make(chan struct{})} }

func (q *Queue) Push(s string) {
	q.mu.Lock()
	q.items = append(q.items, s)
	close(q.signal)
	q.signal = make(chan struct{})
	q.mu.Unlock()
}

// WaitChan is closed when an item is pushed.
func (q *Queue) WaitChan() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) > 0 {
		ch := make(chan struct{})
		close(ch)
		return ch
	}
	return q.signal
}

// TryNext returns an item if there is one.
func (q *Queue) TryNext() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return "", false
	}
	s := q.items[0]
	q.items = q.items[1:]
	return s, true
}

func (q *Queue) Next() string {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			s := q.items[0]
			q.items = q.items[1:]
			q.mu.Unlock()
			return s
		}
		ch := q.signal
		q.mu.Unlock()
		<-ch
	}
}

// Store wraps the queue.
type Store struct{ q *Queue }

func (s *Store) Take() string { return s.q.Next() }

// Relay forwards stored items to each subscriber.
type Relay struct {
	store *Store
	quit  chan struct{}
}

func (r *Relay) Stop() { close(r.quit) }

// shape: a per-subscriber goroutine started on a method
func (r *Relay) Subscribe(out func(string) bool) {
	go r.forward(out)
}

// shape: its loop waits for a push and for the relay's quit channel in one select
// shape: Stop on an idle queue ends the goroutine through the quit case
func (r *Relay) forward(out func(string) bool) {
	for {
		s, ok := r.store.q.TryNext()
		if !ok {
			select {
			case <-r.store.q.WaitChan():
				continue
			case <-r.quit:
				return
			}
		}
		if !out(s) {
			return
		}
	}
}
