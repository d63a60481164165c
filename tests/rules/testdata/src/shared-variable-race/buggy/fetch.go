package buggy

import (
	"errors"
	"sync"
)

// Fetcher downloads a batch of resources in parallel.
type Fetcher struct {
	Get func(url string) ([]byte, error)
}

// shape: the classic captured `err`: every goroutine of the loop assigns the same variable
func (f *Fetcher) FetchAll(urls []string) ([][]byte, error) {
	bodies := make([][]byte, len(urls))
	var firstErr error
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := f.Get(u)
			if err != nil {
				firstErr = err // want "shared-variable-race: race"
				return
			}
			bodies[i] = b
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, errors.Join(errors.New("fetch failed"), firstErr)
	}
	return bodies, nil
}
