package buggy

import "sync"

// Directory answers lookups; a miss hands off to a callback with the lock let go.
type Directory struct {
	mu      sync.Mutex
	entries map[string]string
	onMiss  func(string)
	hits    int
}

func (d *Directory) count() {
	d.mu.Lock() // want "mutex-self-deadlock: `Directory.Lookup` locks `d.mu` .*calls `d.count[(][)]`"
	d.hits++
	d.mu.Unlock()
}

// shape: the miss branch lets the lock go on each of its ways and returns; the hit path still
// holds it when it calls a method that locks it again
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
	d.count()
	d.mu.Unlock()
	return v
}
