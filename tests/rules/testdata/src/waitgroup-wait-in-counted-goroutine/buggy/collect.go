package buggy

import "sync"

// shape: the last worker waits for the group (including itself) before closing
func Collect(items []int) []int {
	var wg sync.WaitGroup
	results := make(chan int, len(items))
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- it * 2
			wg.Wait() // want "waitgroup-wait-in-counted-goroutine: can never reach zero"
		}()
	}
	var out []int
	for range items {
		out = append(out, <-results)
	}
	return out
}
