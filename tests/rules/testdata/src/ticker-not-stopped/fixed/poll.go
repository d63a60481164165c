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
