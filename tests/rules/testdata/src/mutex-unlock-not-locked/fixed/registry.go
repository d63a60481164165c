package fixed

import "sync"

var (
	regMu sync.RWMutex
	names []string
)

// shape: RLock before RUnlock
func Names() []string {
	regMu.RLock()
	out := append([]string(nil), names...)
	regMu.RUnlock()
	return out
}

type Counter struct {
	mu sync.Mutex
	n  int
}

// shape: Lock before the deferred Unlock
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}
