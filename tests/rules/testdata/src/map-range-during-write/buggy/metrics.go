package buggy

import (
	"fmt"
	"sync"
	"time"
)

type Metrics struct {
	mu     sync.Mutex
	counts map[string]int
}

func (m *Metrics) Inc(name string) {
	m.mu.Lock()
	m.counts[name]++
	m.mu.Unlock()
}

// shape: a flusher goroutine ranges the map on every tick without m.mu
func (m *Metrics) StartFlusher(every time.Duration) {
	go func() {
		for range time.Tick(every) {
			for name, n := range m.counts { // want "map-range-during-write: fatal error: concurrent map iteration and map write"
				fmt.Println(name, n)
			}
		}
	}()
}
