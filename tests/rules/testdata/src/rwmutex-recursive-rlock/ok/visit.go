package ok

import "sync"

// Table maps names to scores.
type Table struct {
	mu     sync.RWMutex
	scores map[string]int
}

func (t *Table) SetScore(name string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scores[name] = v
}

// scoreLocked reads a score; the caller has taken t.mu.
func (t *Table) scoreLocked(name string) int {
	return t.scores[name]
}

// shape: a visitor parameter called with the read lock taken; the only one the package passes reads without locking
func (t *Table) Visit(fn func(name string)) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for name := range t.scores {
		fn(name)
	}
}

// Sum adds every score up.
func Sum(t *Table) int {
	total := 0
	t.Visit(func(name string) {
		total += t.scoreLocked(name)
	})
	return total
}
