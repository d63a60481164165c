package buggy

import (
	"context"
	"time"
)

// shape: the ticker is replaced in the loop, and the deferred Stop only stops the first one
func watchIdle(ctx context.Context, timeouts <-chan time.Duration, idle func()) {
	ticker := time.NewTicker(<-timeouts)
	defer ticker.Stop() // want "ticker-not-stopped: evaluates its receiver at once"
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			idle()
		case d := <-timeouts:
			ticker.Stop()
			ticker = time.NewTicker(d)
		}
	}
}
