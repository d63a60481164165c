package buggy

// shape: a send after close on the same path
func finish(n int) int {
	results := make(chan int, n+1)
	close(results)
	results <- n // want "send-on-closed-channel: panic: send on closed channel"
	return len(results)
}
