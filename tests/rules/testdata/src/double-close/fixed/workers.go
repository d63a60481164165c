package fixed

import "sync"

// shape: sync.Once makes the first worker to finish close done
func runAll(workers []func()) {
	done := make(chan struct{})
	var closeDoneOnce sync.Once
	for _, w := range workers {
		go func() {
			w()
			closeDoneOnce.Do(func() { close(done) })
		}()
	}
	<-done
}

// shape: closed once, after the loop
func stopAll(n int, stop chan bool, tick func()) {
	for i := 0; i < n; i++ {
		tick()
	}
	close(stop)
}
