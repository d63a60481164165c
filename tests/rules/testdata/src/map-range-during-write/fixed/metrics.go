package fixed

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

// shape: the flusher copies a snapshot under the lock and prints outside it
func (m *Metrics) StartFlusher(every time.Duration) {
	go func() {
		for range time.Tick(every) {
			m.mu.Lock()
			snap := make(map[string]int, len(m.counts))
			for name, n := range m.counts {
				snap[name] = n
			}
			m.mu.Unlock()
			for name, n := range snap {
				fmt.Println(name, n)
			}
		}
	}()
}
