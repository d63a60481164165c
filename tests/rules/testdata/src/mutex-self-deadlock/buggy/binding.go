package buggy

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

// shape: the setter keeps the write lock while an embedded base ranges over a sync.Map of observers that callers outside the package register
func (s *Setting) SetValue(key, v string) {
	s.lock.Lock()
	defer s.lock.Unlock()
	s.vals[key] = v
	s.fire() // want "mutex-self-deadlock: `Setting.SetValue` locks `s.lock` .*through `s.fire[(][)]`, calls the listeners any caller registers through `observable.Observe`.*`Setting.Value` read-locks the same mutex"
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

// shape: the increment calls each watcher interface in the loop that keeps the mutex; a watcher reading the count back locks it again
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	for _, w := range c.watchers {
		w.Notify() // want "mutex-self-deadlock: `Counter.Inc` locks `c.mu` .*calls the listeners any caller registers through `Counter.AddWatcher`.*`Counter.Value` locks the same mutex"
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

// shape: a map of func hooks registered from outside, run two calls below the update that keeps the write lock
func (g *Gauge) Update(v float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.v = v
	g.publish() // want "mutex-self-deadlock: `Gauge.Update` locks `g.mu` .*through `g.publish[(][)]`, calls the listeners any caller registers through `Gauge.OnChange`.*`Gauge.Read` read-locks the same mutex"
}

func (g *Gauge) publish() { g.run() }

func (g *Gauge) run() {
	for _, h := range g.hooks {
		h(g)
	}
}
