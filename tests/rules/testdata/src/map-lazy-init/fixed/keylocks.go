package fixed

import "sync"

type KeyLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// shape: check and create under the struct's mutex
func (l *KeyLocks) Get(key string) *sync.Mutex {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.locks[key]; !ok {
		l.locks[key] = &sync.Mutex{}
	}
	return l.locks[key]
}
