package fixed

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

// shape: unlock at the end of each iteration
func (s *Store) PutAll(kv map[string]int) {
	for k, v := range kv {
		s.mu.Lock()
		s.data[k] = v
		s.mu.Unlock()
	}
}

// shape: RUnlock at the end of each iteration
func Sum(mu *sync.RWMutex, vals []int) int {
	total := 0
	for i := 0; i < len(vals); i++ {
		mu.RLock()
		total += vals[i]
		mu.RUnlock()
	}
	return total
}
