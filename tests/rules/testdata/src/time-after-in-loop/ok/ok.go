package ok

import (
	"context"
	"time"
)

// shape: time.After outside any loop
func waitOnce(ch <-chan int, d time.Duration) (int, bool) {
	select {
	case v := <-ch:
		return v, true
	case <-time.After(d):
		return 0, false
	}
}

// shape: retry backoff: the timer is the only case that keeps the loop going
func retry(ctx context.Context, try func() error) error {
	for attempt := 0; attempt < 5; attempt++ {
		if err := try(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Second):
		}
	}
	return context.DeadlineExceeded
}

// shape: a plain sleep in a loop: every timer fires
func tick(n int, f func()) {
	for i := 0; i < n; i++ {
		<-time.After(time.Millisecond)
		f()
	}
}

// shape: every other case leaves the loop, so at most one timer is pending
func firstOf(results <-chan int, stop <-chan struct{}) int {
	for {
		select {
		case r := <-results:
			return r
		case <-stop:
			return -1
		case <-time.After(time.Second):
		}
	}
}

// shape: the select with time.After runs on the way out of the loop: once
func drainOnClose(work <-chan int, pool chan []byte, closing <-chan struct{}) {
	for {
		select {
		case n := <-work:
			pool <- make([]byte, n)
		case <-closing:
			select {
			case <-pool:
			case <-time.After(time.Second):
			}
			close(pool)
			return
		}
	}
}

// shape: the loop returns right after the select, whichever case won
func ready(started <-chan struct{}, check func() bool, d time.Duration) error {
	for !check() {
		time.Sleep(10 * time.Millisecond)
		select {
		case <-started:
		case <-time.After(d):
			return context.DeadlineExceeded
		}
		return nil
	}
	return nil
}

// shape: a constant timeout of a few seconds: its timers are gone within seconds
func forward(in <-chan string, out chan<- string) {
	for msg := range in {
		select {
		case out <- msg:
		case <-time.After(2 * time.Second):
		}
	}
}

// shape: each round waits for its own timer to fire before the next round makes another
func roundsAfter(rounds int, d time.Duration, tick func()) {
	for i := 0; i < rounds; i++ {
		wait := time.After(d)
		tick()
		<-wait
	}
}
