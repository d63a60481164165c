package fixed

import "sync"

type Queue struct {
	mu    sync.Mutex
	items []int
}

// shape: Lock and Unlock paired
func (q *Queue) Pop() int {
	q.mu.Lock()
	it := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return it
}

func (q *Queue) Len() int {
	return len(q.items)
}
