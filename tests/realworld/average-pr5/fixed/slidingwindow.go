// Package average keeps int64 counters in a sliding time window.
package average

import (
	"errors"
	"sync"
	"time"
)

// SlidingWindow splits a window into samples of granularity each; a
// background goroutine moves to a fresh sample on every tick.
type SlidingWindow struct {
	window      time.Duration
	granularity time.Duration
	samples     []int64
	pos         int
	size        int
	stopOnce    sync.Once
	stopC       chan struct{}
	sync.RWMutex
}

// New returns a SlidingWindow and starts its shifter.
func New(window, granularity time.Duration) (*SlidingWindow, error) {
	if window == 0 || granularity == 0 {
		return nil, errors.New("window and granularity cannot be 0")
	}
	if window <= granularity || window%granularity != 0 {
		return nil, errors.New("window size has to be a multiple of the granularity")
	}

	sw := &SlidingWindow{
		window:      window,
		granularity: granularity,
		samples:     make([]int64, int(window/granularity)),
		stopC:       make(chan struct{}),
	}

	go sw.shifter()
	return sw, nil
}

func (sw *SlidingWindow) shifter() {
	ticker := time.NewTicker(sw.granularity)
	defer ticker.Stop()

	for {
		select {
		case <-ticker.C:
			sw.Lock()
			if sw.pos = sw.pos + 1; sw.pos >= len(sw.samples) {
				sw.pos = 0
			}
			sw.samples[sw.pos] = 0
			if sw.size < len(sw.samples) {
				sw.size++
			}
			sw.Unlock()

		case <-sw.stopC:
			return
		}
	}
}

// Add increments the value of the current sample.
func (sw *SlidingWindow) Add(v int64) {
	sw.Lock()
	sw.samples[sw.pos] += v
	sw.Unlock()
}

// Stop the shifter. A stopped SlidingWindow cannot be started again.
func (sw *SlidingWindow) Stop() {
	sw.stopOnce.Do(func() {
		sw.stopC <- struct{}{}
	})
}
