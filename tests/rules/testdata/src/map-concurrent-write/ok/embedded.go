package ok

import (
	"sync"
	"time"
)

// ExpiryTracker remembers when keys expire; its store's lock guards it.
type ExpiryTracker struct {
	idx map[string]int
}

// shape: its three callers all run inside the store's critical section, one only by its doc
func (t *ExpiryTracker) untrack(key string) {
	if _, ok := t.idx[key]; ok {
		delete(t.idx, key)
	}
}

// KeyStore embeds its mutex.
type KeyStore struct {
	sync.Mutex
	exp *ExpiryTracker
}

// Delete removes a key.
func (store *KeyStore) Delete(key string) {
	store.Lock()
	defer store.Unlock()
	store.exp.untrack(key)
}

// write must be called with the store's lock held.
func (store *KeyStore) write(key string) {
	store.exp.untrack(key)
}

// Put stores a key.
func (store *KeyStore) Put(key string) {
	store.Lock()
	store.write(key)
	store.Unlock()
}

// StartExpiring expires keys in the background with a new tracker.
func (store *KeyStore) StartExpiring(every time.Duration) {
	t := &ExpiryTracker{idx: map[string]int{}}
	store.exp = t
	go func() {
		for {
			time.Sleep(every)
			store.Lock()
			t.untrack("oldest")
			store.Unlock()
		}
	}()
}

// Has reports whether a key is tracked by t.
func (store *KeyStore) Has(t *ExpiryTracker, key string) bool {
	store.Lock()
	defer store.Unlock()
	_, ok := t.idx[key]
	return ok
}
