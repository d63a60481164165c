package ok

import (
	"sync"
	"time"
)

// Registry is the process's one service registry.
type Registry struct {
	mu    sync.Mutex
	peers map[string]time.Time
}

var (
	registryOnce sync.Once
	registry     *Registry
)

// shape: a constructor of a type with a Close method starts its janitor inside sync.Once: at most one per process
func DefaultRegistry() *Registry {
	registryOnce.Do(func() {
		registry = &Registry{peers: map[string]time.Time{}}
		go registry.sweep()
	})
	return registry
}

func (r *Registry) sweep() {
	for now := range time.Tick(time.Minute) {
		r.mu.Lock()
		for k, at := range r.peers {
			if now.Sub(at) > time.Hour {
				delete(r.peers, k)
			}
		}
		r.mu.Unlock()
	}
}

// Close forgets every peer.
func (r *Registry) Close() {
	r.mu.Lock()
	r.peers = nil
	r.mu.Unlock()
}

// shape: a package-level initialiser starts the ticker loop once, when the package loads
var _ = func() bool {
	go func() {
		for range time.Tick(time.Hour) {
			registry.Close()
		}
	}()
	return true
}()

// Sampler samples until closed.
type Sampler struct {
	closed chan struct{}
	sample func()
}

// shape: a Start method's ticker loop returns once Close has closed the channel it checks on every tick
func (s *Sampler) Start() {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C {
			select {
			case <-s.closed:
				return
			default:
			}
			s.sample()
		}
	}()
}

// Close ends the sampler at its next tick.
func (s *Sampler) Close() { close(s.closed) }

// Gauge reports a value for the life of the process.
type Gauge struct{ read func() int }

// shape: a constructor whose type has no release method: a service meant to live as long as the process
func NewGauge(read func() int, report func(int)) *Gauge {
	g := &Gauge{read: read}
	go func() {
		for range time.Tick(10 * time.Second) {
			report(g.read())
		}
	}()
	return g
}

// Daemon is the process's daemon.
type Daemon struct{ execs map[string]bool }

// shape: a daemon's constructor starts a collector; the daemon only offers Shutdown, the process's way out, not a value's
func NewDaemon() *Daemon {
	d := &Daemon{execs: map[string]bool{}}
	go d.execGC()
	return d
}

func (d *Daemon) execGC() {
	for range time.Tick(5 * time.Minute) {
		clear(d.execs)
	}
}

// Shutdown stops the daemon's containers before the process exits.
func (d *Daemon) Shutdown() error { return nil }
