package buggy

import (
	"sync"
	"time"
)

type hitEntry struct {
	hits int
	last time.Time
}

type hitCache struct{ entries sync.Map }

// The new entry carries the count read from the old one: two goroutines both read 3 and
// both store 4, and a hit is lost.
func (c *hitCache) hit(page string) int {
	v, _ := c.entries.Load(page)
	old, _ := v.(*hitEntry)
	n := 1
	if old != nil {
		n = old.hits + 1
	}
	e := &hitEntry{hits: n, last: time.Now()}
	c.entries.Store(page, e) // want "syncmap-load-then-store: LoadOrStore"
	return n
}
