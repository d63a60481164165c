package fixed

import "sync"

var (
	processedMu sync.Mutex
	processed   = map[int]int{}
)

// shape: the named worker function takes the package-level mutex around the write
func RunWorkers(n int, jobs <-chan string) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(i, jobs, &wg)
	}
	wg.Wait()
}
