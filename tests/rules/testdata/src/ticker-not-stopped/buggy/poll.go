package buggy

import (
	"context"
	"time"
)

// shape: NewTicker in a polling function, never stopped
func poll(ctx context.Context, check func()) {
	t := time.NewTicker(time.Second) // want "ticker-not-stopped: leaks a ticker"
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check()
		}
	}
}

// shape: time.Tick in a function that returns
func waitReady(ready func() bool) {
	for range time.Tick(100 * time.Millisecond) { // want "ticker-not-stopped: leaks a ticker"
		if ready() {
			return
		}
	}
}
