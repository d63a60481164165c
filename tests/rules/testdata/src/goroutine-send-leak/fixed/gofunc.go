package fixed

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timed out")

func runAsync(f func() error) chan error {
	ch := make(chan error, 1)
	go func() {
		ch <- f()
	}()
	return ch
}

func waitTimeout(wait func() error, timeout time.Duration) error {
	select {
	case <-time.After(timeout):
		return errTimeout
	case err := <-runAsync(wait):
		return err
	}
}
