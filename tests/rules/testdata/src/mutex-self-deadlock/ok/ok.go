package ok

import (
	"sync"
	"time"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// shape: the lock is released before the call that locks again
func (c *Cache) GetOrFill(k string) int {
	c.mu.Lock()
	v, ok := c.items[k]
	c.mu.Unlock()
	if !ok {
		v = len(k)
		c.Put(k, v)
	}
	return v
}

// shape: the relocking call runs on another goroutine
func (c *Cache) PutAsync(k string, v int, done chan<- struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	go func() {
		c.Put(k, v)
		close(done)
	}()
}

// shape: another instance's mutex, not the one held
func (c *Cache) MergeFrom(o *Cache) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.items {
		c.items[k] += o.Len()
	}
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

type Queue struct {
	mu    sync.Mutex
	items []int
}

// shape: a helper that unlocks and relocks while its caller holds the lock
func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.waitLocked()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

func (q *Queue) waitLocked() {
	q.mu.Unlock()
	time.Sleep(time.Millisecond)
	q.mu.Lock()
}

// shape: the callee locks only when told the caller does not hold the lock
func (q *Queue) Peek() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.first(true)
}

func (q *Queue) first(locked bool) int {
	if !locked {
		q.mu.Lock()
		defer q.mu.Unlock()
	}
	if len(q.items) == 0 {
		return -1
	}
	return q.items[0]
}

// shape: a deferred call runs after the deferred Unlock (defers run last-in first-out)
func (q *Queue) Push(v int) {
	defer q.Peek()
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
}
