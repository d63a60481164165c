package ok

import "sync"

type KeyLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// shape: the helper creates lazily without locking; its only caller holds l.mu
func (l *KeyLocks) With(key string, f func()) {
	l.mu.Lock()
	m := l.lockFor(key)
	l.mu.Unlock()
	m.Lock()
	defer m.Unlock()
	f()
}

func (l *KeyLocks) lockFor(key string) *sync.Mutex {
	if _, ok := l.locks[key]; !ok {
		l.locks[key] = &sync.Mutex{}
	}
	return l.locks[key]
}

// shape: a local map filled by one goroutine before anything concurrent happens
func BuildLocks(keys []string) map[string]*sync.Mutex {
	m := map[string]*sync.Mutex{}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			m[k] = &sync.Mutex{}
		}
	}
	return m
}

// shape: sync.Map.LoadOrStore creates the per-key mutex atomically
type Striped struct {
	locks sync.Map
}

func (s *Striped) Get(key string) *sync.Mutex {
	v, _ := s.locks.LoadOrStore(key, &sync.Mutex{})
	return v.(*sync.Mutex)
}
