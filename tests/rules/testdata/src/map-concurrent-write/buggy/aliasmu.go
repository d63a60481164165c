package buggy

import (
	"sync"
	"time"
)

// expiryKeeper shares its owner's mutex: mu points at sessionTokens.mu.
type expiryKeeper struct {
	expires map[string]time.Time
	mu      *sync.Mutex
	stopc   chan struct{}
}

func (k *expiryKeeper) add(token string) { k.expires[token] = time.Now().Add(time.Minute) } // want "map-range-during-write: fatal error: concurrent map iteration and map write"

func (k *expiryKeeper) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			k.mu.Lock()
			for tok, at := range k.expires {
				if now.After(at) {
					delete(k.expires, tok) // want "map-concurrent-write: fatal error: concurrent map (writes|read and map write)"
				}
			}
			k.mu.Unlock()
		case <-k.stopc:
			return
		}
	}
}

type sessionTokens struct {
	mu     sync.Mutex
	kmu    sync.Mutex
	keeper *expiryKeeper
}

// Assign takes a lock of its own, not the one the keeper's loop holds.
func (s *sessionTokens) Assign(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keeper.add(token)
}

func (s *sessionTokens) Enable() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keeper = &expiryKeeper{
		expires: make(map[string]time.Time),
		mu:      &s.kmu,
		stopc:   make(chan struct{}),
	}
	go s.keeper.run()
}
