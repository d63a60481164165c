package fixed

import (
	"context"
	"time"
)

// shape: the ticker is stopped when poll returns
func poll(ctx context.Context, check func()) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}

// shape: a NewTicker with a deferred Stop instead of time.Tick
func waitReady(ready func() bool) {
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	for range ticker.C {
		if ready() {
			return
		}
	}
}

// shape: a stopped ticker in a callback that returns when its connection closes
func keepAlive(send func() error, closed func(error) bool) {
	ticker := time.NewTicker(3 * time.Second)
	defer ticker.Stop()
	for range ticker.C {
		if err := send(); err != nil {
			if closed(err) {
				return
			}
			panic(err)
		}
	}
}

// shape: the pacing ticker stopped when the copy ends
func copyPaced(next func() ([]byte, error), write func([]byte) error) {
	ticker := time.NewTicker(40 * time.Millisecond)
	defer ticker.Stop()
	for ; true; <-ticker.C {
		frame, err := next()
		if err != nil {
			return
		}
		if err := write(frame); err != nil {
			return
		}
	}
}
