package buggy

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

// shape: the literal counts itself once it runs, and Stop, another method, waits on the group
func (a *Announcer) Start(announce func()) {
	a.mu.Lock()
	a.running = true
	a.mu.Unlock()
	go func() {
		a.wg.Add(1) // want "waitgroup-add-in-goroutine: `a.wg.Wait[(][)]` [(]in `Announcer.Stop`, line 41[)] can run before this Add"
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
