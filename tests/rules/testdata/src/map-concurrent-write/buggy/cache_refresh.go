package buggy

import "time"

// shape: a method on a struct starts a background goroutine that writes a field map
// without the mutex that Get (cache.go) holds
func (c *Cache) StartRefresher(keys []string, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			for _, k := range keys {
				c.pages[k] = render(k) // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
			}
		}
	}()
}

func render(k string) string { return "<h1>" + k + "</h1>" }
