package ok

import "sync"

// Results collects what the checkers found.
type Results struct {
	mu    sync.Mutex
	found map[string]int
}

// Check runs one checker per name and waits for all of them before summing up.
func (r *Results) Check(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			r.mu.Lock()
			r.found[n] = len(n)
			r.mu.Unlock()
		}(n)
	}
	wg.Wait()
	r.normalise()
}

// shape: written without the lock after wg.Wait() joined every writer
func (r *Results) normalise() {
	for n := range r.found {
		r.found[n] *= 2
	}
}

// Reset runs after Check returned: the checkers are gone.
func (r *Results) Reset() {
	for n := range r.found {
		r.found[n] = 0
	}
}
