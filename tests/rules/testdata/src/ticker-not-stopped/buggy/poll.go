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

// shape: a loop over time.Tick in a callback that returns when its connection closes
func keepAlive(send func() error, closed func(error) bool) {
	for range time.Tick(3 * time.Second) { // want "ticker-not-stopped: leaks a ticker"
		if err := send(); err != nil {
			if closed(err) {
				return
			}
			panic(err)
		}
	}
}

// shape: a ticker paces a copy and is left running when the copy ends
func copyPaced(next func() ([]byte, error), write func([]byte) error) {
	ticker := time.NewTicker(40 * time.Millisecond) // want "ticker-not-stopped: leaks a ticker"
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
