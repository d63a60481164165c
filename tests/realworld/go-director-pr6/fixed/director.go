package director

import "time"

const (
	FOREVER = -1
	ONCE    = 1
)

// Looper stands in for a bare "for {}" in a long-lived goroutine, with
// Quit and Done channels to control and wait for it.
type Looper interface {
	Loop(fn func() error)
	Wait() error
	Done(err error)
	Quit()
}

// TimedLooper runs fn once per Interval, Count times (or FOREVER).
type TimedLooper struct {
	Count     int
	Interval  time.Duration
	DoneChan  chan error
	quitChan  chan bool
	Immediate bool
}

func NewTimedLooper(count int, interval time.Duration, done chan error) *TimedLooper {
	return &TimedLooper{Count: count, Interval: interval, DoneChan: done, quitChan: make(chan bool)}
}

// NewImmediateTimedLooper runs the first iteration without waiting a tick.
func NewImmediateTimedLooper(count int, interval time.Duration, done chan error) *TimedLooper {
	return &TimedLooper{Count: count, Interval: interval, DoneChan: done, quitChan: make(chan bool), Immediate: true}
}

func (l *TimedLooper) Wait() error {
	return <-l.DoneChan
}

// Done tells whoever waits on the looper that the work is over.
func (l *TimedLooper) Done(err error) {
	if l.DoneChan != nil {
		l.DoneChan <- err
	}
}

// Loop runs fn on every tick until it fails, the count is reached or Quit
// is called, then reports on DoneChan and returns.
func (l *TimedLooper) Loop(fn func() error) {
	i := 0
	var stop bool

	finish := func(err error) {
		l.Done(err)
		stop = true
	}

	runIteration := func() {
		if err := fn(); err != nil {
			finish(err)
			return
		}
		// Never count up from FOREVER, or the loop ends on overflow.
		if l.Count != FOREVER {
			i++
			if i >= l.Count {
				finish(nil)
				return
			}
		}
		select {
		case <-l.quitChan:
			finish(nil)
		default:
		}
	}

	if l.Immediate {
		runIteration()
	}

	ticker := time.NewTicker(l.Interval)
	defer ticker.Stop()
	for range ticker.C {
		if stop {
			break
		}
		runIteration()
	}
}

// Quit asks the looper to stop after the current iteration.
func (l *TimedLooper) Quit() {
	go func() {
		l.quitChan <- true
	}()
}
