package buggy

import (
	"strings"
	"sync"
)

// shape: a captured counter incremented by goroutines started in a loop
func CountWords(docs []string) int {
	total := 0
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func(d string) {
			defer wg.Done()
			n := len(strings.Fields(d))
			total += n // want "shared-variable-race: race"
		}(d)
	}
	wg.Wait()
	return total
}
