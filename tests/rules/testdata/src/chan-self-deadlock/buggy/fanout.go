package buggy

import (
	"strings"
	"sync"
)

// shape: the collector waits for the senders (wg.Wait) before it starts receiving
func (s *Store) CountWords(docs []string) int {
	counts := make(chan int)
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts <- len(strings.Fields(d))
		}()
	}
	wg.Wait() // want "chan-self-deadlock: deadlock"
	close(counts)
	total := 0
	for n := range counts {
		total += n
	}
	return total
}

// shape: errgroup-style: `if err := g.Wait()` before collecting what the functions send
func (s *Store) LoadAll(keys []string) (map[string]int, error) {
	var g Group
	type kv struct {
		k string
		v int
	}
	found := make(chan kv)
	for _, k := range keys {
		g.Go(func() error {
			s.mu.Lock()
			v := s.data[k]
			s.mu.Unlock()
			found <- kv{k, v}
			return nil
		})
	}
	if err := g.Wait(); err != nil { // want "chan-self-deadlock: deadlock"
		return nil, err
	}
	out := map[string]int{}
	for range keys {
		r := <-found
		out[r.k] = r.v
	}
	return out, nil
}
