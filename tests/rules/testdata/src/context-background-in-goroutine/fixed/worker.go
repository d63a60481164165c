package fixed

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

// shape: the loop stops with the caller's context
func Refresh(ctx context.Context, every time.Duration, f func()) {
	go func() {
		bg := ctx
		for sleepCtx(bg, every) {
			f()
		}
	}()
}
