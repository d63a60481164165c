package ok

import "sync"

// Ledger records entries and an index of them.
type Ledger struct {
	mu      sync.Mutex
	indexMu sync.Mutex
	entries []string
	index   map[string]int
}

// shape: the first lock is released before the second one is taken
func (l *Ledger) Append(e string) {
	l.mu.Lock()
	l.entries = append(l.entries, e)
	n := len(l.entries) - 1
	l.mu.Unlock()

	l.indexMu.Lock()
	l.index[e] = n
	l.indexMu.Unlock()
}

// Find takes the index lock and then the entries lock; Append never holds both.
func (l *Ledger) Find(e string) (string, bool) {
	l.indexMu.Lock()
	defer l.indexMu.Unlock()
	i, ok := l.index[e]
	if !ok {
		return "", false
	}
	return l.at(i), true
}

func (l *Ledger) at(i int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entries[i]
}
