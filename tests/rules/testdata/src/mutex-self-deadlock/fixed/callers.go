package fixed

import "sync"

// Ledger records entries and totals.
type Ledger struct {
	mu      sync.Mutex
	entries []int
	total   int
}

// sumLocked adds the entries up; the callers take l.mu first.
func (l *Ledger) sumLocked() int {
	n := 0
	for _, e := range l.entries {
		n += e
	}
	return n
}

func (l *Ledger) Add(v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, v)
	l.total = l.sumLocked()
}

func (l *Ledger) Drop(i int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries[:i], l.entries[i+1:]...)
	l.total = l.sumLocked()
}
