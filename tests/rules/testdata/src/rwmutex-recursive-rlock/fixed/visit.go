package fixed

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

// shape: a visitor parameter called after the names are copied and the read lock released; the package passes one that reads the table back
func (t *Table) Visit(fn func(name string)) {
	t.mu.RLock()
	names := make([]string, 0, len(t.scores))
	for name := range t.scores {
		names = append(names, name)
	}
	t.mu.RUnlock()
	for _, name := range names {
		fn(name)
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
