package fixed

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

// shape: the setter copies the listeners and unlocks before it notifies; a listener the package registers reads the value back (RLock)
func (b *Binding) Set(v string) {
	b.mu.Lock()
	b.val = v
	listeners := append([]func(){}, b.listeners...)
	b.mu.Unlock()
	notify(listeners)
}

func notify(listeners []func()) {
	for _, l := range listeners {
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

// shape: a handler slice of a named func type called after the routes are copied and the mutex released; the package makes the mux's own method such a handler
func (m *Mux) Dispatch(topic, data string) {
	m.mu.Lock()
	routes := make([]route, len(m.routes))
	copy(routes, m.routes)
	m.mu.Unlock()
	for _, r := range routes {
		if r.match(topic) {
			r.handler(topic, data)
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

// shape: a function parameter called once per key after the keys are copied and the mutex released; a caller passes a literal that locks it again
func (r *Registry) Each(fn func(string)) {
	r.mu.Lock()
	keys := make([]string, 0, len(r.names))
	for k := range r.names {
		keys = append(keys, k)
	}
	r.mu.Unlock()
	for _, k := range keys {
		fn(k)
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
