package buggy

// shape: one sender per item, the receive loop returns on the first error
func firstError(urls []string, check func(string) error) error {
	errc := make(chan error) // want "goroutine-send-leak: blocks forever"
	for _, u := range urls {
		go func() {
			errc <- check(u)
		}()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// shape: an early return between starting the goroutine and receiving
func compute(x int, validate func(int) error) (int, error) {
	res := make(chan int) // want "goroutine-send-leak: blocks forever"
	go func() {
		res <- x * x
	}()
	if err := validate(x); err != nil {
		return 0, err
	}
	return <-res, nil
}
