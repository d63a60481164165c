package buggy

import "sync"

// shape: Add is the first statement of the goroutine it counts
func FetchAll(urls []string, fetch func(string) int) []int {
	out := make([]int, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		go func() {
			wg.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
			defer wg.Done()
			out[i] = fetch(u)
		}()
	}
	wg.Wait()
	return out
}

// shape: Add after some work inside the goroutine
func Process(items []int, work func(int)) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func() {
			v := it * 2
			wg.Add(1) // want "waitgroup-add-in-goroutine: runs inside the goroutine it counts"
			work(v)
			wg.Done()
		}()
	}
	wg.Wait()
}
