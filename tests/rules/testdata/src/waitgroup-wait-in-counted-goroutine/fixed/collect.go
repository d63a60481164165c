package fixed

import "sync"

// shape: a separate closer goroutine waits and closes
func Collect(items []int) []int {
	var wg sync.WaitGroup
	results := make(chan int, len(items))
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- it * 2
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for v := range results {
		out = append(out, v)
	}
	return out
}
