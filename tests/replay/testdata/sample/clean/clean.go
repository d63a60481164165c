// Package clean counts correctly.
package clean

import "sync"

// Count increments under a mutex from several goroutines.
func Count(workers int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			n++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return n
}
