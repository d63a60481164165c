package ok

import (
	"context"
	"sync"
	"time"
)

var wakeups = make(chan int)

// shape: the goroutine exits via ctx.Done
func watch(ctx context.Context, events <-chan string, handle func(string)) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case e := <-events:
				handle(e)
			}
		}
	}()
}

// shape: a labeled break leaves the loop
func pump(in <-chan int, out chan<- int) {
	go func() {
	loop:
		for {
			select {
			case v, ok := <-in:
				if !ok {
					break loop
				}
				out <- v
			case <-time.After(time.Second):
				break loop
			}
		}
		close(out)
	}()
}

// shape: a process-wide daemon started once from init, fed by a package-level channel
func init() {
	go func() {
		for {
			select {
			case n := <-wakeups:
				_ = n
			}
		}
	}()
}

// shape: a package singleton started lazily, fed only by package-level channels
func startDaemon() {
	go func() {
		for {
			select {
			case n := <-wakeups:
				_ = n * 2
			}
		}
	}()
}

type arbiterT struct {
	sync.Mutex
	started bool
	meters  map[*int]struct{}
	ticker  *time.Ticker
}

var arbiter = arbiterT{meters: map[*int]struct{}{}, ticker: time.NewTicker(5 * time.Second)}

// shape: a process-wide ticker goroutine started once, guarded by a started flag
func Register(m *int) {
	arbiter.Lock()
	defer arbiter.Unlock()
	arbiter.meters[m] = struct{}{}
	if !arbiter.started {
		arbiter.started = true
		go arbiter.tick()
	}
}

func (a *arbiterT) tick() {
	for {
		select {
		case <-a.ticker.C:
			a.Lock()
			for m := range a.meters {
				*m++
			}
			a.Unlock()
		}
	}
}
