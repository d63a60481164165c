package buggy

import "sync"

// Ledger records entries and totals.
type Ledger struct {
	mu      sync.Mutex
	entries []int
	total   int
}

func (l *Ledger) sum() int {
	l.mu.Lock() // want "mutex-self-deadlock: `Ledger.Add` locks `l.mu` at callers.go:24 and, holding it, calls `l.sum\(\)` \(callers.go:27\), which ends here; 1 more call made with it taken reaches it too"
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.entries {
		n += e
	}
	return n
}

// shape: two methods with l.mu taken reach the same helper, which takes it again: one finding at the helper
func (l *Ledger) Add(v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, v)
	l.total = l.sum()
}

func (l *Ledger) Drop(i int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries[:i], l.entries[i+1:]...)
	l.total = l.sum()
}
