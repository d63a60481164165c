package buggy

import "sync"

var (
	regMu sync.RWMutex
	names []string
)

// shape: a package-level RWMutex: RUnlock without RLock
func Names() []string {
	out := append([]string(nil), names...)
	regMu.RUnlock() // want "mutex-unlock-not-locked: unlock of unlocked mutex"
	return out
}

type Counter struct {
	mu sync.Mutex
	n  int
}

// shape: a deferred Unlock with no Lock
func (c *Counter) Inc() {
	defer c.mu.Unlock() // want "mutex-unlock-not-locked: unlock of unlocked mutex"
	c.n++
}
