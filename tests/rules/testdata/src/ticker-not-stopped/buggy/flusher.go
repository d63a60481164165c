package buggy

import "time"

// shape: a ticker made by the starter and read by the goroutine it starts, which returns on
// close without stopping it
type flusher struct {
	closed chan struct{}
	flush  func()
}

func (f *flusher) start(every time.Duration) {
	ticker := time.NewTicker(every) // want "ticker-not-stopped: every call of `flusher.start` leaks a ticker"
	go func() {
		for {
			select {
			case <-ticker.C:
				f.flush()
			case <-f.closed:
				return
			}
		}
	}()
}
