package hangproof

// hangproof: lock-order-inversion

import (
	"sync"
	"testing"
	"time"
)

// barrier lets the first two callers meet: each arrives holding its first lock, and neither
// goes on to its second lock before the other has its first. Later callers pass straight
// through; a caller that waits more than a second gives up (the fixed code may never arrive).
type barrier struct {
	mu sync.Mutex
	n  int
	ch chan struct{}
}

func newBarrier() *barrier { return &barrier{ch: make(chan struct{})} }

func (b *barrier) wait() {
	b.mu.Lock()
	b.n++
	n := b.n
	b.mu.Unlock()
	if n == 2 {
		close(b.ch)
	}
	if n <= 2 {
		select {
		case <-b.ch:
		case <-time.After(time.Second):
		}
	}
}

func both(f, g func()) {
	done := make(chan struct{}, 2)
	go func() { f(); done <- struct{}{} }()
	go func() { g(); done <- struct{}{} }()
	<-done
	<-done
}

// Broadcast holds Server.mu and locks each Session.mu; Close holds Session.mu and locks Server.mu.
func TestBroadcastWhileClosing(t *testing.T) {
	s := NewServer()
	c := s.Join("a")
	b := newBarrier()
	s.logf = func(string, ...any) { b.wait() }
	both(func() { s.Broadcast("hi") }, c.Close)
}

// Register holds regMu and locks cfgMu; Reload holds cfgMu and locks regMu (via pruneServices).
func TestRegisterWhileReloading(t *testing.T) {
	b := newBarrier()
	tracef = func(string, ...any) { b.wait() }
	both(func() { Register("db", "10.0.0.1:5432") }, func() { Reload(map[string]string{}) })
}

// Evict takes mu then statsMu; Report holds statsMu and takes mu for every key it reports.
func TestEvictWhileReporting(t *testing.T) {
	c := &Cache{entries: map[string][]byte{}, hits: map[string]int{}, trace: func(string) {}}
	for i := 0; i < 1000; i++ {
		k := string(rune('a'+i%26)) + string(rune('a'+i/26))
		c.entries[k] = nil
		c.hits[k] = i
	}
	both(func() {
		for i := 0; i < 20000; i++ {
			c.Evict("missing")
		}
	}, func() {
		for i := 0; i < 200; i++ {
			c.Report()
		}
	})
}
