package fixed

import (
	"sync"
	"time"
)

// Flusher writes buffered lines out every interval.
type Flusher struct {
	mu      sync.Mutex
	running bool
	stop    chan struct{}
	lines   chan string
	write   func([]string)
}

func NewFlusher(write func([]string)) *Flusher {
	return &Flusher{lines: make(chan string, 64), write: write}
}

// shape: a running flag under a mutex instead of a Once, and a fresh stop channel per start
// Start starts the flusher. It may be called again after Stop to resume flushing.
func (f *Flusher) Start(every time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.running {
		return
	}
	f.running = true
	f.stop = make(chan struct{})
	go f.loop(every, f.stop)
}

// Stop stops flushing.
func (f *Flusher) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.running {
		close(f.stop)
		f.running = false
	}
}

func (f *Flusher) loop(every time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	var buf []string
	for {
		select {
		case <-stop:
			return
		case l := <-f.lines:
			buf = append(buf, l)
		case <-t.C:
			f.write(buf)
			buf = nil
		}
	}
}
