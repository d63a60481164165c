package buggy

import "sync"

// shape: a round-robin picker that takes only the read lock to choose a connection, since it
// does not change the list, but steps its cursor in the helper it calls.

type conn struct{ addr string }

type RoundRobin struct {
	mu      sync.RWMutex
	conns   []*conn
	current uint
}

// Next picks the connection for the next request.
func (r *RoundRobin) Next() *conn {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.conns) == 0 {
		return nil
	}
	return r.conns[r.nextIndex()]
}

func (r *RoundRobin) nextIndex() uint {
	i := r.current % uint(len(r.conns))
	r.current++ // want "shared-variable-race: `RoundRobin.nextIndex` writes `r.current`, called by `RoundRobin.Next` \(line 23\), holding only the read lock of `r.mu`"
	return i
}

// Position reports where the rotation stands.
func (r *RoundRobin) Position() uint {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.current
}

// Add puts a connection in the rotation.
func (r *RoundRobin) Add(c *conn) {
	r.mu.Lock()
	r.conns = append(r.conns, c)
	r.mu.Unlock()
}
