package buggy

import (
	"strings"
	"sync"
)

// shape: goroutines started in a loop with a WaitGroup all write one local map
func FetchSizes(urls []string) map[string]int {
	sizes := make(map[string]int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			sizes[u] = len(u) // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
		}(u)
	}
	wg.Wait()
	return sizes
}

// shape: errgroup-style g.Go(func() error {...}) in a loop increments a shared counter map
func CountWords(docs []string) (map[string]int, error) {
	counts := map[string]int{}
	var g Group
	for _, d := range docs {
		g.Go(func() error {
			for _, w := range strings.Fields(d) {
				counts[w]++ // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
			}
			return nil
		})
	}
	err := g.Wait()
	return counts, err
}
