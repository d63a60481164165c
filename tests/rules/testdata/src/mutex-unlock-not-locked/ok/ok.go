package ok

import (
	"sync"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	items []int
}

// shape: a helper that only runs with the lock held by every caller
func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.sleep()
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

func (q *Queue) sleep() {
	q.mu.Unlock()
	time.Sleep(time.Millisecond)
	q.mu.Lock()
}

// shape: documented to be called with the lock held
//
// release must be called with q.mu held.
func (q *Queue) release() {
	q.items = nil
	q.mu.Unlock()
}

func (q *Queue) Reset() {
	q.mu.Lock()
	q.release()
}

// shape: Lock and Unlock split across two methods of one type
func (q *Queue) Begin() {
	q.mu.Lock()
}

func (q *Queue) Commit() {
	q.items = q.items[:0]
	q.mu.Unlock()
}

// shape: a mutex handed in by the caller, who locked it
func finish(mu *sync.Mutex, done *bool) {
	*done = true
	mu.Unlock()
}

func Run() bool {
	var mu sync.Mutex
	done := false
	mu.Lock()
	finish(&mu, &done)
	return done
}
