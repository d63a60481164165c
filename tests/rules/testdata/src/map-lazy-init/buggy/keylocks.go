package buggy

import "sync"

// KeyLocks hands out one mutex per key (per-key lock map).
type KeyLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// shape: per-key lock map lazily creating its mutex with no lock around check and store
func (l *KeyLocks) Get(key string) *sync.Mutex {
	if _, ok := l.locks[key]; !ok {
		l.locks[key] = &sync.Mutex{} // want "map-lazy-init: ^Lazily creating a (mutex|channel)"
	}
	return l.locks[key]
}
