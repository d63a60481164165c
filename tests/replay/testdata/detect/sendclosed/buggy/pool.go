// Package pool stops its workers by closing the results channel they still send on.
package pool

import "sync"

func Squares(n int) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i // runtime: send-on-closed-channel
		}(i)
	}
	var out []int
	for v := range results {
		out = append(out, v)
		if len(out) == n/2 {
			close(results)
			break
		}
	}
	wg.Wait()
	return out
}
