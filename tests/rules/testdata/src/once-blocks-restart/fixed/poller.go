package fixed

import (
	"sync"
	"time"
)

// Poller asks a source for updates until shut down.
type Poller struct {
	mu    sync.Mutex
	quit  chan struct{}
	fetch func() []string
	out   chan<- []string
}

// shape: each run makes its own quit channel; a run while one is going does nothing
// Run starts polling, and restarts it if it was shut down.
func (p *Poller) Run(every time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quit != nil {
		return
	}
	p.quit = make(chan struct{})
	go p.poll(every, p.quit)
}

func (p *Poller) Shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quit != nil {
		close(p.quit)
		p.quit = nil
	}
}

func (p *Poller) poll(every time.Duration, quit chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case <-time.After(every):
			p.out <- p.fetch()
		}
	}
}
