package buggy

// shape: one goroutine per job read from a channel
func dispatch(jobs <-chan string, handle func(string)) {
	for j := range jobs {
		go handle(j) // want "unbounded-goroutines"
	}
}

// shape: an endless loop fed by a receive
func serve(reqs chan string, handle func(string)) {
	for {
		r := <-reqs
		go handle(r) // want "unbounded-goroutines"
	}
}
