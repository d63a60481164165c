package fixed

import "time"

// shape: the refresher renders outside the lock and stores under c.mu
func (c *Cache) StartRefresher(keys []string, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C {
			for _, k := range keys {
				page := render(k)
				c.mu.Lock()
				c.pages[k] = page
				c.mu.Unlock()
			}
		}
	}()
}

func render(k string) string { return "<h1>" + k + "</h1>" }
