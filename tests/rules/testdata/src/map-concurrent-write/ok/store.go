package ok

import "sync"

// Store guards items with an RWMutex: writers Lock, readers RLock.
type Store struct {
	mu    sync.RWMutex
	items map[string]int
}

func NewStore() *Store {
	return &Store{items: map[string]int{}}
}

func (s *Store) Get(k string) (int, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.items[k]
	return v, ok
}

// Set holds the lock and delegates to put; put itself takes no lock.
func (s *Store) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(k, v)
}

func (s *Store) put(k string, v int) {
	s.items[k] = v
}
