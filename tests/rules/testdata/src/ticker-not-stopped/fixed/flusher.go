package fixed

import "time"

// shape: the goroutine that reads the ticker stops it on its way out
type flusher struct {
	closed chan struct{}
	flush  func()
}

func (f *flusher) start(every time.Duration) {
	ticker := time.NewTicker(every)
	go func() {
		defer ticker.Stop()
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
