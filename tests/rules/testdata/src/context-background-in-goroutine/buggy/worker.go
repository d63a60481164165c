package buggy

import (
	"context"
	"time"
)

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// shape: a background loop detached from the caller's context
func Refresh(ctx context.Context, every time.Duration, f func()) {
	go func() {
		bg := context.Background() // want "context-background-in-goroutine: cancelling the caller's context .* does not stop it"
		for sleepCtx(bg, every) {
			f()
		}
	}()
}
