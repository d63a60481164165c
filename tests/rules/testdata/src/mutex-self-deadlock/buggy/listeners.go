package buggy

import "sync"

// Binding is a value that tells its listeners when it changes.
type Binding struct {
	mu        sync.RWMutex
	val       string
	listeners []func()
}

func (b *Binding) AddListener(fn func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.listeners = append(b.listeners, fn)
}

func (b *Binding) Get() string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.val
}

// shape: the setter keeps the write lock while it notifies; a listener the package registers reads the value back (RLock)
func (b *Binding) Set(v string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.val = v
	b.notify() // want "mutex-self-deadlock: `Binding.Set` calls `b.notify`, which runs the callback `l`, while `b.mu` is locked.*func literal at listeners.go:[0-9]+ can be that callback .it reaches `Binding.listeners`.*read-locks the same mutex"
}

func (b *Binding) notify() {
	for _, l := range b.listeners {
		l()
	}
}

// Mirror copies a binding's value into dst whenever it changes.
func Mirror(b *Binding, dst *string) {
	b.AddListener(func() { *dst = b.Get() })
}

// Handler receives the messages of a topic.
type Handler func(topic string, data string)

type route struct {
	match   func(string) bool
	handler Handler
}

// Mux fans a message out to the routes that match it.
type Mux struct {
	mu     sync.Mutex
	routes []route
}

func (m *Mux) Add(match func(string) bool, h Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.routes = append(m.routes, route{match: match, handler: h})
}

// shape: a handler slice of a named func type called in the loop that keeps the mutex; the package makes the mux's own method such a handler
func (m *Mux) Dispatch(topic, data string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.routes {
		if r.match(topic) {
			r.handler(topic, data) // want "mutex-self-deadlock: `Mux.Dispatch` runs the callback `r.handler` while `m.mu` is locked.*`Mux.Dispatch` can be that callback .the package makes it a `Handler`"
		}
	}
}

// Hub delivers messages to its subscribers.
type Hub struct {
	subs []Handler
}

func (h *Hub) Subscribe(fn Handler) { h.subs = append(h.subs, fn) }

// Chain makes a mux a subscriber of the hub.
func Chain(h *Hub, m *Mux) { h.Subscribe(m.Dispatch) }

// Registry counts names.
type Registry struct {
	mu    sync.Mutex
	names map[string]int
}

func (r *Registry) Count(k string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.names[k]
}

// shape: a function parameter called once per key in the loop that keeps the mutex; a caller passes a literal that locks it again
func (r *Registry) Each(fn func(string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.names {
		fn(k) // want "mutex-self-deadlock: `Registry.Each` runs the callback `fn` while `r.mu` is locked.*it is passed to `Registry.Each`.*locks the same mutex again"
	}
}

// Total adds up the counts of every name.
func Total(r *Registry) int {
	total := 0
	r.Each(func(k string) {
		total += r.Count(k)
	})
	return total
}
