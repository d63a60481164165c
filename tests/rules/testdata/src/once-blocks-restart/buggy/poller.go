package buggy

import (
	"sync"
	"time"
)

// Poller asks a source for updates until shut down.
type Poller struct {
	once  sync.Once
	quit  chan struct{}
	fetch func() []string
	out   chan<- []string
}

// shape: the doc says Run restarts polling; Shutdown closes the channel the loop watches
// Run starts polling, and restarts it if it was shut down.
func (p *Poller) Run(every time.Duration) {
	p.once.Do(func() { // want "once-blocks-restart: `p.once.Do` .* but `Poller.Shutdown` ends it .* documented to start it again"
		go p.poll(every)
	})
}

func (p *Poller) Shutdown() { close(p.quit) }

func (p *Poller) poll(every time.Duration) {
	for {
		select {
		case <-p.quit:
			return
		case <-time.After(every):
			p.out <- p.fetch()
		}
	}
}
