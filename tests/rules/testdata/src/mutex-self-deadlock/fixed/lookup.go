package fixed

import "sync"

// Directory answers lookups; a miss hands off to a callback with the lock let go.
type Directory struct {
	mu      sync.Mutex
	entries map[string]string
	onMiss  func(string)
	hits    int
}

func (d *Directory) count() {
	d.mu.Lock()
	d.hits++
	d.mu.Unlock()
}

// the hit path lets the lock go before it counts the hit
func (d *Directory) Lookup(name string) string {
	d.mu.Lock()
	v, ok := d.entries[name]
	if !ok {
		if d.onMiss != nil {
			d.mu.Unlock()
			d.onMiss(name)
		} else {
			d.mu.Unlock()
		}
		return ""
	}
	d.mu.Unlock()
	d.count()
	return v
}
