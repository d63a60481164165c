package fixed

import (
	"strings"
	"sync"
)

// shape: the loop's goroutines write the map under a mutex declared next to it
func FetchSizes(urls []string) map[string]int {
	sizes := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			n := len(u)
			mu.Lock()
			sizes[u] = n
			mu.Unlock()
		}(u)
	}
	wg.Wait()
	return sizes
}

// shape: each g.Go goroutine counts into its own map and sends it back; merged after Wait
func CountWords(docs []string) (map[string]int, error) {
	partial := make(chan map[string]int, len(docs))
	var g Group
	for _, d := range docs {
		g.Go(func() error {
			local := map[string]int{}
			for _, w := range strings.Fields(d) {
				local[w]++
			}
			partial <- local
			return nil
		})
	}
	err := g.Wait()
	close(partial)
	counts := map[string]int{}
	for p := range partial {
		for w, n := range p {
			counts[w] += n
		}
	}
	return counts, err
}
