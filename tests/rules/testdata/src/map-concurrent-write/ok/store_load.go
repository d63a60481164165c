package ok

import "sync"

// shape: helper method (put, store.go) writes without a lock; its only caller holds it;
// the goroutines call Set and Get from another file
func (s *Store) LoadAll(keys []string) {
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := s.Get(k); !ok {
				s.Set(k, i)
			}
		}()
	}
	wg.Wait()
}
