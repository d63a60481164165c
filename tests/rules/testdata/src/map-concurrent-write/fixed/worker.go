package fixed

import "sync"

func worker(id int, jobs <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for range jobs {
		processedMu.Lock()
		processed[id]++
		processedMu.Unlock()
	}
}
