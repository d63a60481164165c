// Package pool collects every result, then closes the channel once all senders are done.
package pool

import "sync"

func Squares(n int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i
		}(i)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for v := range results {
		if len(out) < n/2 {
			out = append(out, v)
		}
	}
	return out
}
