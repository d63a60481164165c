package ok

// runAsync runs f on a new goroutine and returns a channel carrying its result.
func runAsync(f func() error) chan error {
	ch := make(chan error)
	go func() {
		ch <- f()
	}()
	return ch
}

// shape: the caller always takes the one value the goroutine sends
func waitFor(wait func() error) error {
	return <-runAsync(wait)
}
