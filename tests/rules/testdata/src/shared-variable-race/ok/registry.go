package ok

import (
	"net/http"
	"sync"
	"time"
)

// Registry serves the list of live backends; mu guards the fields below it.
type Registry struct {
	mu       sync.RWMutex
	backends []string
	updated  time.Time
	name     string
}

// NewRegistry sets fields before anything runs concurrently.
func NewRegistry(name string) *Registry {
	r := &Registry{name: name}
	r.updated = time.Now()
	return r
}

// shape: a handler method writes the guarded fields holding the lock (defer Unlock)
func (reg *Registry) handleRegister(w http.ResponseWriter, r *http.Request) {
	addr := r.FormValue("addr")
	reg.mu.Lock()
	defer reg.mu.Unlock()
	reg.backends = append(reg.backends, addr)
	reg.updated = time.Now()
}

// shape: a helper whose callers all hold the lock writes without taking it
func (reg *Registry) resetLocked() {
	reg.backends = nil
	reg.updated = time.Time{}
}

func (reg *Registry) handleReset(w http.ResponseWriter, r *http.Request) {
	reg.mu.Lock()
	reg.resetLocked()
	reg.mu.Unlock()
}

// Backends returns a copy of the list.
func (reg *Registry) Backends() []string {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	return append([]string(nil), reg.backends...)
}

// Updated is when the list last changed.
func (reg *Registry) Updated() time.Time {
	reg.mu.RLock()
	defer reg.mu.RUnlock()
	return reg.updated
}
