package ok

import (
	"sync"
	"sync/atomic"
	"time"
)

// Ledger's callers take its lock through Lock and Unlock; its methods check that they hold it
// (reading, writing), which is how they say which lock guards them.
type Ledger struct {
	mu      sync.Mutex
	held    int32
	entries map[string]time.Time
}

func NewLedger() *Ledger {
	l := &Ledger{entries: make(map[string]time.Time)}
	go l.expireLoop()
	return l
}

func (l *Ledger) Lock() {
	l.mu.Lock()
	atomic.AddInt32(&l.held, 1)
}

func (l *Ledger) Unlock() {
	atomic.AddInt32(&l.held, -1)
	l.mu.Unlock()
}

func (l *Ledger) reading() {
	if atomic.LoadInt32(&l.held) != 1 {
		panic("internal error: ledger accessed without its lock")
	}
}

func (l *Ledger) writing() {
	if atomic.LoadInt32(&l.held) != 1 {
		panic("internal error: ledger changed without its lock")
	}
}

// Record notes when id was seen.
func (l *Ledger) Record(id string) {
	l.writing()
	l.entries[id] = time.Now()
}

func (l *Ledger) expired(before time.Time) []string {
	l.reading()
	var out []string
	for id, at := range l.entries {
		if at.Before(before) {
			out = append(out, id)
		}
	}
	return out
}

func (l *Ledger) expireLoop() {
	for range time.Tick(time.Minute) {
		l.Lock()
		for _, id := range l.expired(time.Now().Add(-time.Hour)) {
			l.writing()
			delete(l.entries, id)
		}
		l.Unlock()
	}
}
