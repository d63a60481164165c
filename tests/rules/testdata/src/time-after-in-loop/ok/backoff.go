package ok

import (
	"errors"
	"time"
)

var errUnreachable = errors.New("unreachable")

func heartbeat() error { return errUnreachable }

// Replicate sends heartbeats, backing off after failures, until stopCh is closed.
func Replicate(notifyCh <-chan struct{}, stopCh <-chan struct{}) {
	failures := 0
	for {
		select {
		case <-notifyCh:
		case <-stopCh:
			return
		}
		if err := heartbeat(); err != nil {
			failures++
			select {
			// shape: the other case is the shutdown signal; one backoff timer at a time
			case <-time.After(time.Duration(failures) * time.Minute):
			case <-stopCh:
			}
		} else {
			failures = 0
		}
	}
}
