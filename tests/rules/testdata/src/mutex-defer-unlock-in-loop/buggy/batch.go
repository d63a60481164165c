package buggy

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]int
}

// shape: lock and deferred unlock in a range loop
func (s *Store) PutAll(kv map[string]int) {
	for k, v := range kv {
		s.mu.Lock()
		defer s.mu.Unlock() // want "mutex-defer-unlock-in-loop: deadlocks itself"
		s.data[k] = v
	}
}

// shape: a counted for loop with an RWMutex
func Sum(mu *sync.RWMutex, vals []int) int {
	total := 0
	for i := 0; i < len(vals); i++ {
		mu.RLock()
		defer mu.RUnlock() // want "mutex-defer-unlock-in-loop: deadlocks itself"
		total += vals[i]
	}
	return total
}
