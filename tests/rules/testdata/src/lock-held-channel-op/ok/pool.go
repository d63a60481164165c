package ok

import "sync"

// Pool runs checks in parallel.
type Pool struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	checks  []func() bool
	failed  int
}

// shape: Wait under the lock, but the counted goroutines never take that lock
func (p *Pool) RunAll() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	results := make([]bool, len(p.checks))
	var wg sync.WaitGroup
	for i, c := range p.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c()
			if !results[i] {
				p.statsMu.Lock()
				p.failed++
				p.statsMu.Unlock()
			}
		}()
	}
	wg.Wait()
	n := 0
	for _, ok := range results {
		if ok {
			n++
		}
	}
	return n
}

// shape: the lock is released before Wait; the goroutines lock it themselves
func (p *Pool) Reset() {
	p.mu.Lock()
	checks := p.checks
	p.mu.Unlock()
	var wg sync.WaitGroup
	for range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.mu.Lock()
			p.failed = 0
			p.mu.Unlock()
		}()
	}
	wg.Wait()
}
