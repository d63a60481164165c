package fixed

import (
	"sync"
	"time"
)

// Announcer advertises itself until stopped.
type Announcer struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	running bool
	every   time.Duration
}

func (a *Announcer) isRunning() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.running
}

// Start counts the goroutine before it starts it, so Stop's Wait sees it
func (a *Announcer) Start(announce func()) {
	a.mu.Lock()
	a.running = true
	a.mu.Unlock()
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		for a.isRunning() {
			announce()
			time.Sleep(a.every)
		}
	}()
}

func (a *Announcer) Stop() {
	a.mu.Lock()
	a.running = false
	a.mu.Unlock()
	a.wg.Wait()
}
