package buggy

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timed out")

// runAsync runs f on a new goroutine and returns a channel carrying its result.
func runAsync(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f() // want "goroutine-send-leak: The goroutine started at line 13 blocks forever on `ch <- f\(\)`: `runAsync` returns `ch`"
	}()
	return ch
}

// shape: the caller receives from the returned channel in a select whose timeout can win
func waitTimeout(wait func() error, timeout time.Duration) error {
	select {
	case <-time.After(timeout):
		return errTimeout
	case err := <-runAsync(wait):
		return err
	}
}
