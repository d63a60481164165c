package ok

import "sync"

// The starter takes the read lock for the goroutine, which holds it for its whole life:
// Wait on a Cond over that read lock finds it held.
type dilated struct {
	mu      sync.RWMutex
	changed *sync.Cond
	offset  int
	ticks   chan int
}

func newDilated() *dilated {
	d := &dilated{ticks: make(chan int)}
	d.changed = sync.NewCond(d.mu.RLocker())
	return d
}

func (d *dilated) start() {
	d.mu.RLock()
	go d.run()
}

func (d *dilated) run() {
	defer d.mu.RUnlock()
	for range d.ticks {
		d.changed.Wait()
	}
}

func (d *dilated) shift(by int) {
	d.mu.Lock()
	d.offset += by
	d.mu.Unlock()
	d.changed.Broadcast()
}
