package buggy

import "sync"

// processed counts jobs per worker; written by every worker (worker.go).
var processed = map[int]int{}

// shape: `go worker(...)` in a loop, the worker is a named function in another file
// writing a package-level map
func RunWorkers(n int, jobs <-chan string) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(i, jobs, &wg)
	}
	wg.Wait()
}
