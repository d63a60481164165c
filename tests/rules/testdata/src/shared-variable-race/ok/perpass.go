package ok

import (
	"sync"
	"time"
)

// shape: a refresh loop that starts its fetcher goroutine on every pass and waits for it before
// the next one: the instances never overlap.

type mirror struct {
	lastFetch time.Time
	etag      string
}

func (m *mirror) fetch() { m.lastFetch = time.Now() }

func (m *mirror) refresh(ticks <-chan time.Time) {
	for range ticks {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.etag = "fresh"
			m.fetch()
		}()
		wg.Wait()
	}
}
