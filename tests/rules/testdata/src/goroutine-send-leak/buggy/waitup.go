package buggy

import (
	"errors"
	"time"
)

func launch() error { return errors.New("exited") }

func healthy() bool { return true }

// The wait loop polls until the service is healthy or time runs out; a launch failure that
// comes after that is sent to nobody.
func startAndWait(timeout time.Duration) error {
	failed := make(chan error) // want "goroutine-send-leak: blocks forever"
	go func() {
		if err := launch(); err != nil {
			failed <- err
		}
	}()
	deadline := time.Now().Add(timeout)
	up := false
	for !up && time.Now().Before(deadline) {
		select {
		case err := <-failed:
			return err
		case <-time.After(100 * time.Millisecond):
			up = healthy()
		}
	}
	if !up {
		return errors.New("timed out")
	}
	return nil
}
