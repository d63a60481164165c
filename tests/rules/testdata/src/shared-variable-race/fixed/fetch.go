package fixed

import (
	"errors"
	"sync"
)

// Fetcher downloads a batch of resources in parallel.
type Fetcher struct {
	Get func(url string) ([]byte, error)
}

// shape: the goroutines record the first error under a mutex
func (f *Fetcher) FetchAll(urls []string) ([][]byte, error) {
	bodies := make([][]byte, len(urls))
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := f.Get(u)
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
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
