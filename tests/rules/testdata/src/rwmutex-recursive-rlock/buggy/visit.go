package buggy

import "sync"

// Table maps names to scores.
type Table struct {
	mu     sync.RWMutex
	scores map[string]int
}

func (t *Table) Score(name string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.scores[name]
}

func (t *Table) SetScore(name string, v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scores[name] = v
}

// shape: a visitor parameter called with the read lock taken; the package passes one that reads the table back
func (t *Table) Visit(fn func(name string)) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	for name := range t.scores {
		fn(name) // want "rwmutex-recursive-rlock: `Table.Visit` runs the callback `fn` while `t.mu` is read-locked.*func literal at visit.go:[0-9]+ can be that callback.*read-locks the same RWMutex again"
	}
}

// Sum adds every score up.
func Sum(t *Table) int {
	total := 0
	t.Visit(func(name string) {
		total += t.Score(name)
	})
	return total
}
