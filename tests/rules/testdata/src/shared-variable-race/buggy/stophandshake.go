package buggy

import (
	"sync"
	"time"
)

// The loop acknowledges the quit but keeps going: after the reply it still reads the channel
// Stop clears.
type pauser struct {
	mu   sync.Mutex
	quit chan bool
	done chan bool
}

func newPauser() *pauser {
	p := &pauser{quit: make(chan bool), done: make(chan bool)}
	go p.loop()
	return p
}

func (p *pauser) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for { // want "select-loop-no-exit: "
		select {
		case <-t.C:
		case <-p.quit:
			p.done <- true
		}
	}
}

func (p *pauser) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quit == nil {
		return
	}
	p.quit <- true
	<-p.done
	p.quit = nil // want "shared-variable-race: data race"
}

func (p *pauser) Stopped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.quit == nil
}
