package main

import (
	"strings"
	"sync"
	"time"

	"example.com/grimd-pr46/dns"
)

// KeyNotFound is returned for a key the cache does not hold.
type KeyNotFound struct{ key string }

func (e KeyNotFound) Error() string { return e.key + " not found" }

// KeyExpired is returned for a key whose answers outlived their TTL.
type KeyExpired struct{ Key string }

func (e KeyExpired) Error() string { return e.Key + " expired" }

// Mesg is a cache entry.
type Mesg struct {
	Msg            *dns.Msg
	Blocked        bool
	LastUpdateTime time.Time
}

// Cache is what the DNS handler uses.
type Cache interface {
	Get(key string) (*dns.Msg, bool, error)
	Set(key string, msg *dns.Msg, blocked bool) error
	Remove(key string)
	Length() int
}

// MemoryCache keeps the answers in a map guarded by mu.
type MemoryCache struct {
	Backend  map[string]*Mesg
	Maxcount int
	mu       sync.RWMutex
}

// Get returns the entry for key, dropping it when one of its answers expired.
func (c *MemoryCache) Get(key string) (*dns.Msg, bool, error) {
	key = strings.ToLower(key)
	now := time.Now().Truncate(time.Second)

	expired := false
	c.mu.Lock()
	mesg, ok := c.Backend[key]
	if ok {
		elapsed := uint32(now.Sub(mesg.LastUpdateTime).Seconds())
		for _, answer := range mesg.Msg.Answer {
			if elapsed > answer.Header().Ttl {
				c.removeNoLock(key)
				expired = true
			}
			answer.Header().Ttl -= elapsed
		}
	}
	c.mu.Unlock()

	if !ok {
		return nil, false, KeyNotFound{key}
	}
	if expired {
		return nil, false, KeyExpired{key}
	}
	return mesg.Msg, mesg.Blocked, nil
}

// Set stores msg under key.
func (c *MemoryCache) Set(key string, msg *dns.Msg, blocked bool) error {
	key = strings.ToLower(key)
	mesg := &Mesg{Msg: msg, Blocked: blocked, LastUpdateTime: time.Now().Truncate(time.Second)}
	c.mu.Lock()
	c.Backend[key] = mesg
	c.mu.Unlock()
	return nil
}

// removeNoLock deletes key; the caller holds the write lock.
func (c *MemoryCache) removeNoLock(key string) {
	delete(c.Backend, key)
}

// Remove deletes key from the cache.
func (c *MemoryCache) Remove(key string) {
	c.mu.Lock()
	c.removeNoLock(strings.ToLower(key))
	c.mu.Unlock()
}

// Length returns the number of entries.
func (c *MemoryCache) Length() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.Backend)
}
