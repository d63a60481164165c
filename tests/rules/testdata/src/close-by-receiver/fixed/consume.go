package fixed

// shape: the consumer signals the producer through a done channel; the producer closes
func consume(items []string, parse func(string) error) error {
	errs := make(chan error)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(errs)
		for _, it := range items {
			select {
			case errs <- parse(it):
			case <-done:
				return
			}
		}
	}()
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
