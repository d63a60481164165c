package ok

import (
	"strings"
	"sync"
)

// shape: the map is built completely before the goroutines start; they only read it
func Translate(words []string) []string {
	dict := map[string]string{}
	for _, pair := range []string{"cat=chat", "dog=chien"} {
		k, v, _ := strings.Cut(pair, "=")
		dict[k] = v
	}
	out := make([]string, len(words))
	var wg sync.WaitGroup
	for i, w := range words {
		wg.Add(1)
		go func(i int, w string) {
			defer wg.Done()
			out[i] = dict[w]
		}(i, w)
	}
	wg.Wait()
	return out
}

// shape: one goroutine owns the map; everyone else talks to it through a channel and
// the spawner reads the map only after the owner signalled it is done
func Tally(votes []string) map[string]int {
	events := make(chan string)
	done := make(chan struct{})
	counts := map[string]int{}
	go func() {
		for v := range events {
			counts[v]++
		}
		close(done)
	}()
	for _, v := range votes {
		events <- v
	}
	close(events)
	<-done
	return counts
}

// shape: every goroutine fills a map of its own; the maps are merged after wg.Wait()
func Histogram(lines []string) map[string]int {
	parts := make([]map[string]int, len(lines))
	var wg sync.WaitGroup
	for i, line := range lines {
		wg.Add(1)
		go func(i int, line string) {
			defer wg.Done()
			m := map[string]int{}
			for _, f := range strings.Fields(line) {
				m[f]++
			}
			parts[i] = m
		}(i, line)
	}
	wg.Wait()
	total := map[string]int{}
	for _, m := range parts {
		for k, n := range m {
			total[k] += n
		}
	}
	return total
}

// shape: results travel over a channel and are written into the map after wg.Wait()
func Lengths(urls []string) map[string]int {
	type result struct {
		url string
		n   int
	}
	ch := make(chan result, len(urls))
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			ch <- result{u, len(u)}
		}(u)
	}
	wg.Wait()
	close(ch)
	lengths := map[string]int{}
	for r := range ch {
		lengths[r.url] = r.n
	}
	return lengths
}

// shape: the goroutines lock a local mutex with defer Unlock around the write
func Dedup(items []string) map[string]bool {
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func(it string) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			seen[it] = true
		}(it)
	}
	wg.Wait()
	return seen
}

// shape: sync.Map is made for this
func Index(names []string) *sync.Map {
	var idx sync.Map
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			idx.Store(n, i)
		}()
	}
	wg.Wait()
	return &idx
}
