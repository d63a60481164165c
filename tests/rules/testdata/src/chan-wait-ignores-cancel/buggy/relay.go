package buggy

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

// shape: its loop reaches, two calls down, a bare receive that only a push ends
// shape: the relay's quit channel is never watched, so Stop on an idle queue leaves it stuck
func (r *Relay) forward(out func(string) bool) {
	for {
		s := r.store.Take() // want "chan-wait-ignores-cancel: The goroutine `Relay.forward` .* never looks at `r.quit`"
		if !out(s) {
			return
		}
	}
}
