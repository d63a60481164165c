package fixed

import (
	"errors"
	"time"
)

func launch() error { return errors.New("exited") }

func healthy() bool { return true }

func startAndWait(timeout time.Duration) error {
	failed := make(chan error, 1)
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
