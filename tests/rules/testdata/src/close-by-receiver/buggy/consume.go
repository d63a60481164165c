package buggy

// shape: the consumer closes the channel on the first error while the producer keeps sending
func consume(items []string, parse func(string) error) error {
	errs := make(chan error)
	go func() {
		for _, it := range items {
			errs <- parse(it)
		}
	}()
	for err := range errs {
		if err != nil {
			close(errs) // want "close-by-receiver: panic: send on closed channel"
			return err
		}
	}
	return nil
}
