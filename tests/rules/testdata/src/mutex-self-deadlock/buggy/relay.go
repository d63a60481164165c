package buggy

import "sync"

// Relay passes what it flushes on to a sink the package sets.
type Relay struct {
	mu    sync.Mutex
	other sync.Mutex
	sink  func()
	n     int
}

// NewRelay counts every flush.
func NewRelay() *Relay {
	r := &Relay{}
	r.sink = r.count
	return r
}

// Poke comes first and reaches Flush two calls down: what Flush calls is the same whoever
// looks at it first.
func (r *Relay) Poke() {
	r.other.Lock()
	r.n--
	r.other.Unlock()
	r.step()
}

func (r *Relay) step() { r.Flush() }

// shape: the callback runs one call below the function holding the lock, and that function is first reached two calls below another
func (r *Relay) Flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.emit() // want "mutex-self-deadlock: `Relay.Flush` calls `r.emit`, which runs the callback `r.sink`, while `r.mu` is locked"
}

func (r *Relay) emit() { r.sink() }

func (r *Relay) count() {
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
}
