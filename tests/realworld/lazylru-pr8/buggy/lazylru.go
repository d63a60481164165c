package lazylru

import (
	"sync"
	"sync/atomic"
	"time"
)

type item struct {
	key      string
	value    interface{}
	expiration time.Time
}

type LazyLRU struct {
	items   map[string]*item
	lock    sync.RWMutex
	maxItems int
	N       int64
	done    chan struct{}
}

func New(maxItems int, interval time.Duration) *LazyLRU {
	lru := &LazyLRU{items: map[string]*item{}, maxItems: maxItems, done: make(chan struct{})}
	go lru.reaper(interval)
	return lru
}

func (lru *LazyLRU) reaper(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-lru.done:
			return
		case now := <-t.C:
			lru.lock.Lock()
			for k, it := range lru.items {
				if it.expiration.Before(now) {
					delete(lru.items, k)
					atomic.AddInt64(&lru.N, -1)
				}
			}
			lru.lock.Unlock()
		}
	}
}

func (lru *LazyLRU) Set(key string, value interface{}, ttl time.Duration) {
	lru.lock.Lock()
	defer lru.lock.Unlock()
	if _, ok := lru.items[key]; !ok {
		atomic.AddInt64(&lru.N, 1)
	}
	lru.items[key] = &item{key: key, value: value, expiration: time.Now().Add(ttl)}
}

func (lru *LazyLRU) Len() int {
	return int(lru.N)
}

func (lru *LazyLRU) Close() { close(lru.done) }
