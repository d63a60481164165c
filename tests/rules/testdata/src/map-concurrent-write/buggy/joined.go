package buggy

import "sync"

// Tally counts what the checkers found.
type Tally struct {
	mu    sync.Mutex
	found map[string]int
}

// Check waits for its checkers, but reports progress while they still run.
func (t *Tally) Check(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			t.mu.Lock()
			t.found[n] = len(n)
			t.mu.Unlock()
		}(n)
	}
	t.progress()
	wg.Wait()
}

func (t *Tally) progress() {
	t.found["progress"]++ // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
}
