package ok

import "sync"

// Queue hands items to a consumer that takes the lock only after receiving.
type Queue struct {
	mu     sync.Mutex
	items  chan string
	seen   map[string]int
	counts chan int
}

func NewQueue() *Queue {
	q := &Queue{items: make(chan string), seen: map[string]int{}, counts: make(chan int, 1)}
	go q.consume()
	return q
}

// shape: send under the lock; the receiver receives first and locks afterwards
func (q *Queue) Put(s string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seen[s]++
	q.items <- s
}

func (q *Queue) consume() {
	for s := range q.items {
		q.mu.Lock()
		q.seen[s]--
		q.mu.Unlock()
	}
}

// shape: a select with a default under the lock never blocks
func (q *Queue) TryCount() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	select {
	case q.counts <- len(q.seen):
	default:
	}
	return len(q.seen)
}

// LastCount receives while holding the lock; TryCount sends under the lock but never waits.
func (q *Queue) LastCount() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	select {
	case n := <-q.counts:
		return n
	default:
		return -1
	}
}
