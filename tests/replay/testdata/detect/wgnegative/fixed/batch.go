// Package batch skips nil jobs without touching the WaitGroup.
package batch

import "sync"

func Run(jobs []func() error) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		if j == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = j()
		}()
	}
	wg.Wait()
}
