package buggy

// shape: every worker closes the shared done channel
func runAll(workers []func()) {
	done := make(chan struct{})
	for _, w := range workers {
		go func() {
			w()
			close(done) // want "double-close: panic: close of closed channel"
		}()
	}
	<-done
}

// shape: close inside a loop over the same channel
func stopAll(n int, stop chan bool) {
	for i := 0; i < n; i++ {
		close(stop) // want "double-close: panic: close of closed channel"
	}
}
