package buggy

import "sync"

// Pool starts its refresher, then loads the table while the refresher already runs.
type Pool struct {
	mu    sync.Mutex
	table map[string]int
}

// Start starts the refresher first.
func (p *Pool) Start(names []string) {
	go p.refresh()
	p.load(names)
}

func (p *Pool) load(names []string) {
	for _, n := range names {
		p.table[n] = 0 // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
	}
}

func (p *Pool) refresh() {
	for {
		p.mu.Lock()
		for n := range p.table {
			p.table[n]++
		}
		p.mu.Unlock()
	}
}
