package fixed

// shape: buffer sized to the number of senders
func firstError(urls []string, check func(string) error) error {
	errc := make(chan error, len(urls))
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

// shape: buffered result survives the early return
func compute(x int, validate func(int) error) (int, error) {
	res := make(chan int, 1)
	go func() {
		res <- x * x
	}()
	if err := validate(x); err != nil {
		return 0, err
	}
	return <-res, nil
}
