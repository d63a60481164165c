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
