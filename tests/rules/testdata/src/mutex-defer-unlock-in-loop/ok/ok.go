package ok

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

// shape: the iteration that defers always returns
func (s *Store) First(keys []string) (int, bool) {
	for _, k := range keys {
		if _, ok := s.data[k]; ok {
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.data[k], true
		}
	}
	return 0, false
}

// shape: a func literal per iteration scopes the defer
func (s *Store) Each(keys []string, f func(int)) {
	for _, k := range keys {
		func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			f(s.data[k])
		}()
	}
}

// shape: locked once before the loop, deferred unlock inside a retry loop that always breaks out
func (s *Store) Retry(try func() bool) {
	for {
		if try() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.data["ok"]++
			break
		}
	}
}
