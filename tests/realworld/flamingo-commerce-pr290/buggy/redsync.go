package locker

import (
	"errors"
	"sync"
	"time"
)

// Redsync stands in for the distributed lock client (go-redsync): it keeps
// the lock keys and their expiry in memory instead of in redis.
type Redsync struct {
	mu   sync.Mutex
	held map[string]time.Time
}

// NewRedsync returns an empty lock client.
func NewRedsync() *Redsync {
	return &Redsync{held: make(map[string]time.Time)}
}

// Mutex is one named lock with an expiry.
type Mutex struct {
	rs     *Redsync
	name   string
	expiry time.Duration
}

// NewMutex returns a lock handle for name.
func (rs *Redsync) NewMutex(name string, expiry time.Duration) *Mutex {
	return &Mutex{rs: rs, name: name, expiry: expiry}
}

var errTaken = errors.New("lock already taken")

// Lock tries once to take the lock.
func (m *Mutex) Lock() error {
	m.rs.mu.Lock()
	defer m.rs.mu.Unlock()
	if until, ok := m.rs.held[m.name]; ok && time.Now().Before(until) {
		return errTaken
	}
	m.rs.held[m.name] = time.Now().Add(m.expiry)
	return nil
}

// Extend pushes the expiry of a held lock further out.
func (m *Mutex) Extend() bool {
	m.rs.mu.Lock()
	defer m.rs.mu.Unlock()
	if _, ok := m.rs.held[m.name]; !ok {
		return false
	}
	m.rs.held[m.name] = time.Now().Add(m.expiry)
	return true
}

// Unlock releases the lock.
func (m *Mutex) Unlock() bool {
	m.rs.mu.Lock()
	defer m.rs.mu.Unlock()
	if _, ok := m.rs.held[m.name]; !ok {
		return false
	}
	delete(m.rs.held, m.name)
	return true
}
