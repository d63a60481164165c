package buggy

import "sync"

type Queue struct {
	mu    sync.Mutex
	items []int
}

// shape: the Lock was forgotten, only the Unlock is there
func (q *Queue) Pop() int {
	it := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock() // want "mutex-unlock-not-locked: unlock of unlocked mutex"
	return it
}

func (q *Queue) Len() int {
	return len(q.items)
}
