package fixed

import (
	"context"
	"time"
)

// WaitForEvents polls until fetch reports something; each wait's timer is stopped on every way
// out of the wait.
func WaitForEvents(ctx context.Context, every time.Duration, fetch func() bool) bool {
	for {
		if fetch() {
			return true
		}
		tick := time.NewTicker(every)
		select {
		case <-ctx.Done():
			tick.Stop()
			return false
		case <-tick.C:
			tick.Stop()
		}
	}
}
