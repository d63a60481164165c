package ok

import (
	"errors"
	"time"
)

// shape: every other case clears the loop's condition flag, so the loop runs at most a few
// times and a single timer is pending at most
func collectOutput(outCh <-chan error, execCh <-chan error, timeout time.Duration) []error {
	var errs []error
	finished := false
	for !finished {
		select {
		case err := <-outCh:
			errs = append(errs, err)
			finished = true
		case err := <-execCh:
			if err != nil {
				return append(errs, err)
			}
		case <-time.After(timeout):
			return append(errs, errors.New("timed out"))
		}
	}
	return errs
}
