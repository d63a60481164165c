package ok

import (
	"net/http"
	"sync"
)

// Driver serves volumes over HTTP; its saved state is restored when it is built.
type Driver struct {
	mu      sync.Mutex
	volumes map[string]int
}

// NewDriver builds a driver and restores its volumes before anything can reach it.
func NewDriver(saved []string) *Driver {
	d := &Driver{volumes: map[string]int{}}
	d.restore(saved)
	return d
}

// shape: written without the lock by a helper only constructors call
func (d *Driver) restore(saved []string) {
	for i, name := range saved {
		d.volumes[name] = i
	}
}

// Handler serves volume creation, one request per goroutine.
func (d *Driver) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		d.volumes[r.URL.Path] = len(d.volumes)
		d.mu.Unlock()
	})
}

// Pool fills its table, then starts the goroutine that keeps it up to date.
type Pool struct {
	mu    sync.Mutex
	table map[string]int
}

// Start loads the table first: the refresher starts after.
func (p *Pool) Start(names []string) {
	p.load(names)
	go p.refresh()
}

// shape: written without the lock only before the goroutine is started
func (p *Pool) load(names []string) {
	for _, n := range names {
		p.table[n] = 0
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
