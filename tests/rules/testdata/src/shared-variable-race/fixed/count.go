package fixed

import (
	"strings"
	"sync"
)

// shape: the captured counter is updated under a mutex
func CountWords(docs []string) int {
	total := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func(d string) {
			defer wg.Done()
			n := len(strings.Fields(d))
			mu.Lock()
			total += n
			mu.Unlock()
		}(d)
	}
	wg.Wait()
	return total
}
