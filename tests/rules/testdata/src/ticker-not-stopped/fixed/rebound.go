package fixed

import (
	"context"
	"time"
)

// shape: the deferred closure stops whichever ticker is current when the function returns
func watchIdle(ctx context.Context, timeouts <-chan time.Duration, idle func()) {
	ticker := time.NewTicker(<-timeouts)
	defer func() {
		ticker.Stop()
	}()
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
