package buggy

import (
	"context"
	"sync"
	"time"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]string
}

func (c *Cache) evict() {
	c.mu.Lock()
	clear(c.items)
	c.mu.Unlock()
}

// shape: a constructor starts a janitor that can never stop
func NewCache(ctx context.Context) *Cache {
	c := &Cache{items: map[string]string{}}
	t := time.NewTicker(time.Minute)
	go func() {
		defer t.Stop()
		for { // want "select-loop-no-exit: with no way out"
			select {
			case <-t.C:
				c.evict()
			}
		}
	}()
	return c
}

// shape: a worker that polls with default and never returns
func StartWorker(jobs chan string, handle func(string)) {
	go func() {
		for { // want "select-loop-no-exit: with no way out"
			select {
			case j := <-jobs:
				handle(j)
			default:
				time.Sleep(10 * time.Millisecond)
			}
		}
	}()
}
