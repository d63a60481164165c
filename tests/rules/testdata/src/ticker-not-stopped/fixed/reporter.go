package fixed

import "time"

// shape: the goroutine stops its ticker on the way out
func startReporter(done <-chan struct{}, report func() bool) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
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
