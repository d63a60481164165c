package buggy

import (
	"context"
	"time"
)

type probe func(name string) (int, error)

// shape: the error send gives up on quit, the result send in the same loop does not
func watchProbe(name string, p probe, results chan<- int, errs chan<- error, quit <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-quit:
			return
		case <-t.C:
			v, err := p(name)
			if err != nil {
				select {
				case errs <- err:
				case <-quit:
					return
				}
				continue
			}
			results <- v // want "goroutine-send-leak: blocks forever"
		}
	}
}

func startProbes(names []string, p probe, quit chan struct{}) <-chan int {
	results := make(chan int)
	errs := make(chan error)
	for _, n := range names {
		go watchProbe(n, p, results, errs, quit)
	}
	go func() {
		for {
			select {
			case <-errs:
			case <-quit:
				return
			}
		}
	}()
	return results
}

// shape: one stop value sent while two goroutines wait on it to return
type ticker2 struct {
	stop   chan struct{}
	ticks  chan time.Time
	events chan string
}

func newTicker2() *ticker2 {
	return &ticker2{stop: make(chan struct{}), ticks: make(chan time.Time, 8), events: make(chan string, 8)}
}

func (t *ticker2) Run(ctx context.Context) {
	go func() {
		for {
			select {
			case <-t.stop:
				return
			case t.events <- "poll":
			}
		}
	}()
	go func() {
		tk := time.NewTicker(time.Second)
		defer tk.Stop()
		for {
			select {
			case <-t.stop:
				return
			case now := <-tk.C:
				t.ticks <- now
			}
		}
	}()
}

func (t *ticker2) Halt() {
	t.stop <- struct{}{} // want "goroutine-send-leak: blocks forever"
}
