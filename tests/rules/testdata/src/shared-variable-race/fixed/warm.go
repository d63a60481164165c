package fixed

import "time"

// Warmer preloads a cache before traffic arrives.
type Warmer struct {
	Keys  []string
	Load  func(key string)
	Grace time.Duration
}

// shape: the goroutine hands its count over a channel; the spawner waits at most Grace
func (w *Warmer) Warm() int {
	done := make(chan int, 1)
	go func() {
		loaded := 0
		for _, k := range w.Keys {
			w.Load(k)
			loaded++
		}
		done <- loaded
	}()
	select {
	case n := <-done:
		return n
	case <-time.After(w.Grace):
		return 0
	}
}
