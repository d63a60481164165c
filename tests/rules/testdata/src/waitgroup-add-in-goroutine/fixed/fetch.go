package fixed

import "sync"

// shape: Add before the go statement
func FetchAll(urls []string, fetch func(string) int) []int {
	out := make([]int, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = fetch(u)
		}()
	}
	wg.Wait()
	return out
}

// shape: Add before the go statement, Done deferred
func Process(items []int, work func(int)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := it * 2
			work(v)
		}()
	}
	wg.Wait()
}
