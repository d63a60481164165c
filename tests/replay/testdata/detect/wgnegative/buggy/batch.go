// Package batch calls Done for a job it never added.
package batch

import "sync"

func Run(jobs []func() error) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		if j == nil {
			wg.Done() // runtime: panic-detected
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
