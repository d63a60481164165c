package ok

import "sync"

type Registry struct {
	mu    sync.Mutex
	names sync.Map
}

// shape: Load then Store of the same key while holding a mutex every writer takes
func (r *Registry) Rename(old, new string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.names.Load(old)
	if !ok {
		return
	}
	r.names.Delete(old)
	r.names.Store(old+"~", v)
	r.names.Store(new, v)
}

// shape: Load of one key, Store of another key
func (r *Registry) Alias(name, alias string) {
	if v, ok := r.names.Load(name); ok {
		r.names.Store(alias, v)
	}
}

// shape: Load and Store live in different functions (Get / Set)
func (r *Registry) Get(name string) (any, bool) { return r.names.Load(name) }

func (r *Registry) Set(name string, v any) { r.names.Store(name, v) }

// Memo is a plain map behind a mutex that happens to have Load/Store methods.
type Memo struct {
	mu sync.Mutex
	m  map[string]int
}

func (m *Memo) Load(k string) (int, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[k]
	return v, ok
}

func (m *Memo) Store(k string, v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[k] = v
}

// shape: a type with Load/Store methods that is not a sync.Map
func Fill(m *Memo, k string) {
	if _, ok := m.Load(k); !ok {
		m.Store(k, len(k))
	}
}
