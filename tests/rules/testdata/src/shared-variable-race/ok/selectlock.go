package ok

import (
	"sync"
	"time"
)

// Acker batches acknowledgements and sends them on a tick, or once when drained.
type Acker struct {
	mu      sync.Mutex
	pending map[string]bool
	failed  chan struct{}
	drained chan struct{}
	tick    *time.Ticker
	send    func(map[string]bool)
	wg      sync.WaitGroup
}

func NewAcker(send func(map[string]bool)) *Acker {
	a := &Acker{pending: map[string]bool{}, failed: make(chan struct{}), drained: make(chan struct{}), tick: time.NewTicker(time.Second), send: send}
	a.wg.Add(1)
	go a.sender()
	return a
}

func (a *Acker) done(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending[id] = true
}

func (a *Acker) Receive(ids []string) {
	for _, id := range ids {
		go a.done(id)
	}
}

// shape: each select case that carries on to the batch takes a.mu first; the other one returns
func (a *Acker) sender() {
	defer a.wg.Done()
	for done := false; !done; {
		send := false
		select {
		case <-a.failed:
			return
		case <-a.drained:
			a.mu.Lock()
			send = len(a.pending) > 0
			done = true
		case <-a.tick.C:
			a.mu.Lock()
			send = len(a.pending) > 0
		}
		var batch map[string]bool
		if send {
			batch = a.pending
			a.pending = map[string]bool{}
		}
		a.mu.Unlock()
		if batch != nil {
			a.send(batch)
		}
	}
}
