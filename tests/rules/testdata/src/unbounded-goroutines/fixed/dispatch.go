package fixed

// shape: a semaphore bounds the goroutines started per job
func dispatch(jobs <-chan string, handle func(string)) {
	sem := make(chan struct{}, 16)
	for j := range jobs {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			handle(j)
		}()
	}
}

// shape: a fixed pool of workers instead of one goroutine per request
func serve(reqs chan string, handle func(string)) {
	for i := 0; i < 8; i++ {
		go func() {
			for r := range reqs {
				handle(r)
			}
		}()
	}
}
