package ok

import (
	"context"
	"time"
)

// shape: the ticker is replaced once, and the replacement gets its own deferred Stop
func twoSpeeds(ctx context.Context, slowAfter <-chan struct{}, tick func()) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	select {
	case <-ctx.Done():
		return
	case <-slowAfter:
	}
	ticker.Stop()
	ticker = time.NewTicker(time.Minute)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			tick()
		}
	}
}
