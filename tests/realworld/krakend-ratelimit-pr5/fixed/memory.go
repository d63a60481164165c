package krakendrate

import (
	"context"
	"sync"
	"time"
)

type Limiter interface{ Allow() bool }

type MemoryBackend struct {
	data       map[string]interface{}
	lastAccess map[string]time.Time
	mu         *sync.RWMutex
}

func NewMemoryBackend(ctx context.Context, ttl time.Duration) *MemoryBackend {
	m := &MemoryBackend{
		data:       map[string]interface{}{},
		lastAccess: map[string]time.Time{},
		mu:         new(sync.RWMutex),
	}
	go m.manageEvictions(ctx, ttl)
	return m
}

func (m *MemoryBackend) manageEvictions(ctx context.Context, ttl time.Duration) {
	t := time.NewTicker(ttl)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			m.mu.Lock()
			for k, v := range m.lastAccess {
				if v.Add(ttl).Before(now) {
					delete(m.data, k)
					delete(m.lastAccess, k)
				}
			}
			m.mu.Unlock()
		}
	}
}

func (m *MemoryBackend) Load(key string, f func() interface{}) interface{} {
	m.mu.RLock()
	v, ok := m.data[key]
	m.mu.RUnlock()
	if ok {
		return v
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.data[key]; ok {
		return v
	}
	v = f()
	m.data[key] = v
	m.lastAccess[key] = time.Now()
	return v
}
