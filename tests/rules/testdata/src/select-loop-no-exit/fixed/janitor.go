package fixed

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

// shape: the janitor returns when the context is cancelled
func NewCache(ctx context.Context) *Cache {
	c := &Cache{items: map[string]string{}}
	t := time.NewTicker(time.Minute)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				c.evict()
			}
		}
	}()
	return c
}

// shape: the worker returns when the jobs channel is closed
func StartWorker(jobs chan string, handle func(string)) {
	go func() {
		for {
			select {
			case j, ok := <-jobs:
				if !ok {
					return
				}
				handle(j)
			default:
				time.Sleep(10 * time.Millisecond)
			}
		}
	}()
}
