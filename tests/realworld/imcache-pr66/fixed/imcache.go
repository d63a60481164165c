// Package imcache is a generic in-memory cache with expiration and an
// eviction callback, safe for concurrent use.
package imcache

import (
	"sync"
	"time"
)

// EvictionReason tells the eviction callback why an entry went away.
type EvictionReason int

const (
	EvictionReasonExpired EvictionReason = iota + 1
	EvictionReasonReplaced
)

// EvictionCallback is called, on its own goroutine, for evicted entries.
type EvictionCallback[K comparable, V any] func(key K, val V, reason EvictionReason)

type entry[V any] struct {
	val V
	exp time.Time // zero: never expires
}

func (e entry[V]) expired(now time.Time) bool {
	return !e.exp.IsZero() && !now.Before(e.exp)
}

// Cache is a non-sharded in-memory cache.
type Cache[K comparable, V any] struct {
	m          map[K]entry[V]
	onEviction EvictionCallback[K, V]
	defaultExp time.Duration
	stop       chan struct{}
	mu         sync.Mutex
	closed     bool
}

// New returns a cache whose entries live for defaultExp (0: forever). A
// cleaner goroutine removes expired entries every cleanerInterval.
func New[K comparable, V any](defaultExp, cleanerInterval time.Duration, onEviction EvictionCallback[K, V]) *Cache[K, V] {
	c := &Cache[K, V]{
		m:          make(map[K]entry[V]),
		onEviction: onEviction,
		defaultExp: defaultExp,
		stop:       make(chan struct{}),
	}
	if cleanerInterval > 0 {
		go c.runCleaner(cleanerInterval)
	}
	return c
}

func (c *Cache[K, V]) newEntry(val V, now time.Time) entry[V] {
	e := entry[V]{val: val}
	if c.defaultExp > 0 {
		e.exp = now.Add(c.defaultExp)
	}
	return e
}

// Get returns the value for key. An expired entry is evicted.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	now := time.Now()
	var zero V
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return zero, false
	}
	e, ok := c.m[key]
	if !ok {
		return zero, false
	}
	if e.expired(now) {
		delete(c.m, key)
		if c.onEviction != nil {
			go c.onEviction(key, e.val, EvictionReasonExpired)
		}
		return zero, false
	}
	return e.val, true
}

// Set sets the value for key, replacing any existing entry.
func (c *Cache[K, V]) Set(key K, val V) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	old, ok := c.m[key]
	c.m[key] = c.newEntry(val, now)
	if ok && c.onEviction != nil {
		reason := EvictionReasonReplaced
		if old.expired(now) {
			reason = EvictionReasonExpired
		}
		go c.onEviction(key, old.val, reason)
	}
}

// GetOrSet returns the value for key and true if it is present; otherwise
// it sets val and returns it with false. An expired entry is evicted.
func (c *Cache[K, V]) GetOrSet(key K, val V) (value V, present bool) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		var zero V
		return zero, false
	}
	current, ok := c.m[key]
	if ok && !current.expired(now) {
		return current.val, true
	}
	if ok {
		// The entry is there but expired: replace it.
		c.m[key] = c.newEntry(val, now)
		if c.onEviction != nil {
			go c.onEviction(key, current.val, EvictionReasonExpired)
		}
		return val, false
	}
	c.m[key] = c.newEntry(val, now)
	return val, false
}

// RemoveExpired removes every expired entry.
func (c *Cache[K, V]) RemoveExpired() {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	removed := make(map[K]V)
	for key, e := range c.m {
		if e.expired(now) {
			removed[key] = e.val
			delete(c.m, key)
		}
	}
	if c.onEviction != nil && len(removed) > 0 {
		go func() {
			for key, val := range removed {
				c.onEviction(key, val, EvictionReasonExpired)
			}
		}()
	}
}

// Close stops the cleaner and drops every entry.
func (c *Cache[K, V]) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	c.m = nil
	close(c.stop)
}

func (c *Cache[K, V]) runCleaner(interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-ticker.C:
			c.RemoveExpired()
		}
	}
}
