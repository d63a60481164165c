package ok

import "sync"

// Listener hears about the changes of the values below.
type Listener interface{ Changed() }

// Meter tells its listeners after it lets its mutex go.
type Meter struct {
	mu        sync.Mutex
	v         int
	listeners []Listener
}

func (m *Meter) Listen(l Listener) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.listeners = append(m.listeners, l)
}

func (m *Meter) Value() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.v
}

// shape: the listeners run after the explicit Unlock
func (m *Meter) Add(d int) {
	m.mu.Lock()
	m.v += d
	ls := m.listeners
	m.mu.Unlock()
	for _, l := range ls {
		l.Changed()
	}
}

// Board calls its listeners with only the read lock taken.
type Board struct {
	mu        sync.RWMutex
	msg       string
	listeners []Listener
}

func (b *Board) Listen(l Listener) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, l)
}

func (b *Board) Message() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.msg
}

// shape: a read lock taken while the listeners run; a listener reading the message back shares it
func (b *Board) Announce() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, l := range b.listeners {
		l.Changed()
	}
}

// Ticker has no exported method that takes its mutex besides the one that runs the hooks.
type Ticker struct {
	mu    sync.Mutex
	n     int
	hooks []func()
}

func (t *Ticker) Hook(fn func()) { t.hooks = append(t.hooks, fn) }

// shape: nothing a listener can call from outside takes the mutex again
func (t *Ticker) Tick() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	for _, h := range t.hooks {
		h()
	}
}

// Pool registers only the listeners the package writes itself.
type Pool struct {
	mu        sync.Mutex
	size      int
	listeners []Listener
}

type sizeLog struct{ last *int }

func (s sizeLog) Changed() { *s.last++ }

func (p *Pool) listen(l Listener) { p.listeners = append(p.listeners, l) }

// NewPool makes a pool that counts its resizes.
func NewPool(resizes *int) *Pool {
	p := &Pool{}
	p.listen(sizeLog{last: resizes})
	return p
}

func (p *Pool) Size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}

// shape: the listeners come only from package code whose bodies do not lock
func (p *Pool) Resize(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.size = n
	for _, l := range p.listeners {
		l.Changed()
	}
}

// Sink receives the lines of a Tee.
type Sink interface{ Line(s string) }

// Tee copies each line to its sinks.
type Tee struct {
	mu    sync.Mutex
	last  string
	sinks map[Sink]struct{}
}

func (t *Tee) Add(s Sink) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sinks[s] = struct{}{}
}

func (t *Tee) Last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// shape: each sink is handed the line itself, so it has nothing to read back
func (t *Tee) Write(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = line
	for s := range t.sinks {
		s.Line(line)
	}
}

// Pulse beats and tells its subscribers.
type Pulse struct {
	mu    sync.Mutex
	beats int
	subs  map[Listener]bool
}

func (p *Pulse) Subscribe(l Listener) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.subs[l] = true
}

func (p *Pulse) Unsubscribe(l Listener) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.subs, l)
}

// shape: only the methods that add or remove listeners take the mutex again
func (p *Pulse) Beat() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.beats++
	for l := range p.subs {
		l.Changed()
	}
}

// peer is implemented only in this package: its method is unexported.
type peer interface{ refresh() }

// Table keeps the peers it refreshes.
type Table struct {
	mu    sync.Mutex
	n     int
	peers []peer
}

func (t *Table) Join(p peer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.peers = append(t.peers, p)
}

func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// shape: the listener interface has an unexported method, so only the package's own types implement it
func (t *Table) Bump() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n++
	for _, p := range t.peers {
		p.refresh()
	}
}

// Plugin is a part a Registry is built from; callers outside the package add their own.
type Plugin interface {
	Name() string
	Start() error
}

// Registry keeps the plugins by name.
type Registry struct {
	mu      sync.Mutex
	plugins map[string]Plugin
	started bool
}

func (r *Registry) Add(p Plugin) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.plugins[p.Name()] = p
}

func (r *Registry) Plugin(name string) Plugin {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.plugins[name]
}

// shape: what the stored plugins are asked is their own name: an answer, not a notification a plugin answers by reading the registry back
func (r *Registry) Names(prefix string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, p := range r.plugins {
		if n := p.Name(); len(n) >= len(prefix) && n[:len(prefix)] == prefix {
			out = append(out, n)
		}
	}
	return out
}

// Manager is one part of an Engine's work; callers outside the package add their own.
type Manager interface{ Ensure() error }

// Engine runs its managers' Ensure, one at a time.
type Engine struct {
	mu       sync.Mutex
	managers []Manager
	stopped  bool
}

func (e *Engine) AddManager(m Manager) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.managers = append(e.managers, m)
}

// shape: the managers run with the mutex held, but the only other method that takes it changes the engine (Stop): nothing a manager would read back
func (e *Engine) Ensure() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, m := range e.managers {
		if err := m.Ensure(); err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) Stop() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stopped = true
	return nil
}
