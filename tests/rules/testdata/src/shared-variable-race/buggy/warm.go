package buggy

import "time"

// Warmer preloads a cache before traffic arrives.
type Warmer struct {
	Keys  []string
	Load  func(key string)
	Grace time.Duration
}

// shape: the spawner reads what the goroutine writes after a sleep instead of a handoff
func (w *Warmer) Warm() int {
	loaded := 0
	go func() {
		for _, k := range w.Keys {
			w.Load(k)
			loaded++ // want "shared-variable-race: race"
		}
	}()
	time.Sleep(w.Grace)
	return loaded
}
