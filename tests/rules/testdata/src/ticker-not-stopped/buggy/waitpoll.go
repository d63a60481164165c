package buggy

import (
	"context"
	"time"
)

// WaitForEvents polls until fetch reports something; each wait makes a ticker that only a
// tick stops, so a cancelled wait leaves its ticker running.
func WaitForEvents(ctx context.Context, every time.Duration, fetch func() bool) bool {
	for {
		if fetch() {
			return true
		}
		tick := time.NewTicker(every) // want "ticker-not-stopped: `tick` is stopped only on some paths"
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
			tick.Stop()
		}
	}
}
