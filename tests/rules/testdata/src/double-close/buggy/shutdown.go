package buggy

func cleanup() {}

// shape: closed twice on the same path
func shutdown(quit chan struct{}) {
	close(quit)
	cleanup()
	close(quit) // want "double-close: panic: close of closed channel"
}

// shape: an explicit close after a deferred close of the same channel
func produce(out chan int, n int) {
	defer close(out)
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out) // want "double-close: panic: close of closed channel"
}
