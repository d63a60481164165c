package buggy

// shape: the spawner closes before its goroutines have sent
func doubleAll(items []int) chan int {
	out := make(chan int, len(items))
	for _, it := range items {
		go func() {
			out <- it * 2 // want "send-on-closed-channel: panic: send on closed channel"
		}()
	}
	close(out)
	return out
}

// shape: a deferred close in a function that returns while its goroutine still sends
func stream(lines []string) <-chan string {
	ch := make(chan string, len(lines))
	defer close(ch)
	go func() {
		for _, l := range lines {
			ch <- l // want "send-on-closed-channel: panic: send on closed channel"
		}
	}()
	return ch
}
