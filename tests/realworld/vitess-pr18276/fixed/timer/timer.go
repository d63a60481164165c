// Package timer runs a callback periodically on its own goroutine.
package timer

import (
	"sync"
	"sync/atomic"
	"time"
)

type typeAction int

const (
	timerStop typeAction = iota
	timerReset
	timerTrigger
)

// Timer calls a keephouse function every interval. Stop does not return
// before the run goroutine has taken the stop message, so it waits for a
// keephouse call that is in progress to finish.
type Timer struct {
	interval atomic.Int64

	mu      sync.Mutex
	running bool

	// msg is unbuffered: a sender waits until run receives it.
	msg chan typeAction
}

// NewTimer makes a stopped timer.
func NewTimer(interval time.Duration) *Timer {
	tm := &Timer{msg: make(chan typeAction)}
	tm.interval.Store(int64(interval))
	return tm
}

// Start launches the run goroutine.
func (tm *Timer) Start(keephouse func()) {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if tm.running {
		return
	}
	tm.running = true
	go tm.run(keephouse)
}

func (tm *Timer) run(keephouse func()) {
	var t *time.Timer
	for {
		var ch <-chan time.Time
		if interval := time.Duration(tm.interval.Load()); interval > 0 {
			t = time.NewTimer(interval)
			ch = t.C
		}
		select {
		case action := <-tm.msg:
			if t != nil {
				t.Stop()
				t = nil
			}
			switch action {
			case timerStop:
				return
			case timerReset:
				continue
			}
		case <-ch:
		}
		keephouse()
	}
}

// Trigger makes run call keephouse at once.
func (tm *Timer) Trigger() {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if tm.running {
		tm.msg <- timerTrigger
	}
}

// Stop ends the run goroutine; once it returns keephouse is not called again.
func (tm *Timer) Stop() {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	if tm.running {
		tm.msg <- timerStop
		tm.running = false
	}
}
