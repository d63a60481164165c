package connection

import (
	"sync"
	"time"
)

// Wait is a sync.WaitGroup that can also be waited on with a deadline.
type Wait struct {
	wg sync.WaitGroup
}

// Add adds delta to the counter.
func (w *Wait) Add(delta int) {
	w.wg.Add(delta)
}

// Done decrements the counter by one.
func (w *Wait) Done() {
	w.wg.Done()
}

// Wait blocks until the counter is zero.
func (w *Wait) Wait() {
	w.wg.Wait()
}

// WaitWithTimeout blocks until the counter is zero or the timeout expires.
// It reports true when it gave up because of the timeout.
func (w *Wait) WaitWithTimeout(timeout time.Duration) bool {
	c := make(chan bool, 1)
	go func() {
		defer close(c)
		w.wg.Wait()
		c <- true
	}()
	select {
	case <-c:
		return false
	case <-time.After(timeout):
		return true
	}
}
