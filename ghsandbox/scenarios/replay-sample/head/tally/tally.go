// Package tally counts words.
package tally

import "sync"

// Words counts each word, one goroutine per word.
func Words(words []string) map[string]int {
	counts := make(map[string]int)
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func(w string) {
			defer wg.Done()
			counts[w]++
		}(w)
	}
	wg.Wait()
	return counts
}
