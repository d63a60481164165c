package ok

import "sync"

// shape: goroutines write under a mutex; the range runs after wg.Wait()
func Squares(n int) map[int]int {
	out := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			mu.Lock()
			out[i] = i * i
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	sum := 0
	for _, v := range out {
		sum += v
	}
	out[-1] = sum
	return out
}

// shape: a single goroutine deletes from its own map while ranging it
func Compact(in map[string]int) <-chan int {
	res := make(chan int, 1)
	go func() {
		live := map[string]int{}
		for k, v := range in {
			live[k] = v
		}
		for k, v := range live {
			if v == 0 {
				delete(live, k)
			}
		}
		res <- len(live)
	}()
	return res
}
