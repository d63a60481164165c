package buggy

import "sync"

// Hooks run after a crawl.
var Hooks = map[string]func([]Page) error{
	"validate": checkAll,
}

// shape: `go` senders counted by a WaitGroup, a waiter goroutine closes, the collector breaks out
func (v *validator) run(pages []Page) error {
	errs := make(chan error) // want "errgroup-result-abandoned: blocks forever"
	var wg sync.WaitGroup
	for _, p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- v.check(p)
		}()
	}
	go func() {
		wg.Wait()
		close(errs)
	}()
	var first error
	for err := range errs {
		if err != nil {
			first = err
			break
		}
	}
	return first
}
