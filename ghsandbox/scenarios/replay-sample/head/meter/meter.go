// Package meter counts hits.
package meter

import "sync"

// Sink receives counts.
type Sink interface{ Add(n int) }

type counter struct{ n int }

func (c *counter) Add(n int) {
	c.n += n
}

// Fanout calls f from several goroutines and waits for them.
func Fanout(workers int, f func()) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}

// Count adds one per worker into a Sink.
func Count(workers int) int {
	c := &counter{}
	var s Sink = c
	Fanout(workers, func() { s.Add(1) })
	return c.n
}
