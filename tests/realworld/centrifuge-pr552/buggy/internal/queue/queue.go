// Package queue is a small stand-in for centrifuge's internal byte queue.
package queue

import "sync"

type Item struct {
	Data []byte
}

type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []Item
	closed bool
}

func New(initialCapacity int) *Queue {
	q := &Queue{items: make([]Item, 0, initialCapacity)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Add(i Item) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.items = append(q.items, i)
	q.cond.Signal()
	return true
}

func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.cond.Broadcast()
}

// CloseRemaining closes the queue and returns what was left in it.
func (q *Queue) CloseRemaining() []Item {
	q.mu.Lock()
	defer q.mu.Unlock()
	rest := q.items
	q.items = nil
	q.closed = true
	q.cond.Broadcast()
	return rest
}

func (q *Queue) Closed() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.closed
}

func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// Wait blocks until the queue has an item or is closed; false means closed.
func (q *Queue) Wait() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for !q.closed && len(q.items) == 0 {
		q.cond.Wait()
	}
	return len(q.items) > 0
}

// RemoveManyInto moves up to max items (all of them if max is -1) into buf;
// false means the queue was empty.
func (q *Queue) RemoveManyInto(buf []Item, max int) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return 0, false
	}
	n := len(q.items)
	if max > 0 && n > max {
		n = max
	}
	if n > len(buf) {
		n = len(buf)
	}
	copy(buf, q.items[:n])
	q.items = q.items[n:]
	return n, true
}
