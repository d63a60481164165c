package fixed

func cleanup() {}

// shape: closed once
func shutdown(quit chan struct{}) {
	close(quit)
	cleanup()
}

// shape: only the deferred close
func produce(out chan int, n int) {
	defer close(out)
	for i := 0; i < n; i++ {
		out <- i
	}
}
