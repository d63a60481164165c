package buggy

import (
	"sync"
	"time"
)

// Flusher writes buffered lines out every interval.
type Flusher struct {
	once  sync.Once
	stop  chan struct{}
	lines chan string
	write func([]string)
}

func NewFlusher(write func([]string)) *Flusher {
	return &Flusher{stop: make(chan struct{}), lines: make(chan string, 64), write: write}
}

// shape: the start method's doc promises a restart; the Once starts the loop only the first time
// Start starts the flusher. It may be called again after Stop to resume flushing.
func (f *Flusher) Start(every time.Duration) {
	f.once.Do(func() { // want "once-blocks-restart: `f.once.Do` starts the goroutine only on the first call of `Flusher.Start`, but `Flusher.Stop` ends it"
		go f.loop(every)
	})
}

// Stop stops flushing.
func (f *Flusher) Stop() {
	close(f.stop)
}

func (f *Flusher) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var buf []string
	for {
		select {
		case <-f.stop:
			return
		case l := <-f.lines:
			buf = append(buf, l)
		case <-t.C:
			f.write(buf)
			buf = nil
		}
	}
}
