package buggy

import "time"

// shape: a ticker in a goroutine, Reset but never stopped
func startReporter(done <-chan struct{}, report func() bool) {
	go func() {
		t := time.NewTicker(time.Second) // want "ticker-not-stopped: leaks a ticker"
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if report() {
					t.Reset(2 * time.Second)
				}
			}
		}
	}()
}
