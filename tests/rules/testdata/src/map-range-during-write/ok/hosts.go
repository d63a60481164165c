package ok

import (
	"sync"
	"time"
)

// HostTable embeds its lock: a caller holding `t.hosts.Lock()` holds the lock its methods name
// as `ht`.
type HostTable struct {
	sync.RWMutex
	byAddr map[string]time.Time
}

// add expects its caller to hold the table's write lock.
func (ht *HostTable) add(addr string) {
	ht.byAddr[addr] = time.Now()
}

func (ht *HostTable) stale(before time.Time) []string {
	ht.RLock()
	defer ht.RUnlock()
	var out []string
	for addr, seen := range ht.byAddr {
		if seen.Before(before) {
			out = append(out, addr)
		}
	}
	return out
}

type Handshakes struct {
	pending sync.Mutex
	hosts   *HostTable
}

func (h *Handshakes) Complete(addr string) {
	h.pending.Lock()
	defer h.pending.Unlock()
	h.hosts.Lock()
	defer h.hosts.Unlock()
	h.hosts.add(addr)
}

func (h *Handshakes) Punch() {
	go func() {
		for range time.Tick(time.Minute) {
			_ = h.hosts.stale(time.Now().Add(-time.Hour))
		}
	}()
}
