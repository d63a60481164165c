package ok

import "sync"

// Dialer retries until it connects.
type Dialer struct {
	mu       sync.Mutex
	attempts int
	closed   bool
}

// shape: the loop releases the mutex at its head, so a `continue` with it taken is intended
func (d *Dialer) Retry(try func() error) {
	d.mu.Lock()
	for {
		d.mu.Unlock()
		d.mu.Lock()
		if d.closed {
			break
		}
		d.attempts++
		if err := try(); err != nil {
			continue
		}
		d.mu.Unlock()
		return
	}
	d.mu.Unlock()
}

// shape: a `continue` of a loop inside the critical section stays inside it
func (d *Dialer) Count(errs []error) int {
	d.mu.Lock()
	n := 0
	for _, err := range errs {
		if err == nil {
			continue
		}
		n++
	}
	d.attempts += n
	d.mu.Unlock()
	return n
}
