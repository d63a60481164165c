package fixed

import "sync"

// Observer hears about the changes of a Setting.
type Observer interface{ Changed() }

type observable struct {
	observers sync.Map // Observer -> struct{}
	lock      sync.RWMutex
}

func (o *observable) Observe(ob Observer) { o.observers.Store(ob, struct{}{}) }

func (o *observable) fire() {
	o.observers.Range(func(k, _ any) bool {
		k.(Observer).Changed()
		return true
	})
}

// Setting is a set of named values; an observer naturally reads the changed value back.
type Setting struct {
	observable
	vals map[string]string
}

func (s *Setting) Value(key string) string {
	s.lock.RLock()
	defer s.lock.RUnlock()
	return s.vals[key]
}

// shape: the setter unlocks before the embedded base ranges over the observers
func (s *Setting) SetValue(key, v string) {
	s.lock.Lock()
	s.vals[key] = v
	s.lock.Unlock()
	s.fire()
}

// Watcher hears about the increments of a Counter.
type Watcher interface{ Notify() }

// Counter counts and tells its watchers.
type Counter struct {
	mu       sync.Mutex
	n        int
	watchers []Watcher
}

func (c *Counter) AddWatcher(w Watcher) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.watchers = append(c.watchers, w)
}

func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// shape: the increment copies the watchers and the count, unlocks, then calls each watcher
func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	watchers := append([]Watcher(nil), c.watchers...)
	c.mu.Unlock()
	for _, w := range watchers {
		w.Notify()
	}
}

// Gauge is a float that runs hooks when it moves.
type Gauge struct {
	mu    sync.RWMutex
	v     float64
	hooks map[int]func(*Gauge)
	next  int
}

func (g *Gauge) OnChange(fn func(*Gauge)) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.next++
	g.hooks[g.next] = fn
	return g.next
}

func (g *Gauge) Read() float64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.v
}

// shape: the update copies the hooks, unlocks, then runs them
func (g *Gauge) Update(v float64) {
	g.mu.Lock()
	g.v = v
	hooks := make([]func(*Gauge), 0, len(g.hooks))
	for _, h := range g.hooks {
		hooks = append(hooks, h)
	}
	g.mu.Unlock()
	for _, h := range hooks {
		h(g)
	}
}
