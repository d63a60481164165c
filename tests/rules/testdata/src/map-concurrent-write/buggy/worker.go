package buggy

import "sync"

func worker(id int, jobs <-chan string, wg *sync.WaitGroup) {
	defer wg.Done()
	for range jobs {
		processed[id]++ // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
	}
}
