package ok

import (
	"sync"
	"time"
)

// Stop hands the loop its quit signal and waits for the reply the loop sends as its last act:
// after the reply, the loop no longer reads the channel Stop clears.
type exporter struct {
	mu   sync.Mutex
	quit chan bool
	done chan bool
}

func newExporter() *exporter {
	e := &exporter{quit: make(chan bool), done: make(chan bool)}
	go e.loop()
	return e
}

func (e *exporter) loop() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-e.quit:
			e.done <- true
			return
		}
	}
}

func (e *exporter) Stop() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.quit == nil {
		return
	}
	e.quit <- true
	<-e.done
	e.quit = nil
}

func (e *exporter) Stopped() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.quit == nil
}
