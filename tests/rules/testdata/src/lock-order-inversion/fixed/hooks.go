package fixed

import "sync"

type hook func(node string)

// Watcher fans node updates out to hooks.
type Watcher struct {
	lock      sync.Mutex
	hooksLock sync.Mutex
	seen      map[string]int
	hooks     []hook
	updates   chan string
}

func NewWatcher() *Watcher {
	w := &Watcher{seen: map[string]int{}, updates: make(chan string, 8)}
	go w.loop()
	return w
}

func (w *Watcher) loop() {
	for node := range w.updates {
		w.lock.Lock()
		w.seen[node]++
		w.hooksLock.Lock()
		for _, h := range w.hooks {
			h(node)
		}
		w.hooksLock.Unlock()
		w.lock.Unlock()
	}
}

func (w *Watcher) addHook(h hook) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.hooksLock.Lock()
	w.hooks = append(w.hooks, h)
	w.hooksLock.Unlock()
	for node := range w.seen {
		h(node)
	}
}

var watcherOps = map[string]func(*Watcher, hook){"add": (*Watcher).addHook}

// Leases hands out one mutex per lease id.
type Leases struct {
	pendingLock sync.Mutex
	pending     map[string]int
	perLease    sync.Map
}

func (m *Leases) leaseLock(id string) *sync.Mutex {
	l, _ := m.perLease.LoadOrStore(id, new(sync.Mutex))
	return l.(*sync.Mutex)
}

func (m *Leases) Restore(ids []string) {
	for _, id := range ids {
		lock := m.leaseLock(id)
		lock.Lock()
		m.pendingLock.Lock()
		m.pending[id]++
		m.pendingLock.Unlock()
		lock.Unlock()
	}
}

func (m *Leases) Fail(id string) {
	lock := m.leaseLock(id)
	lock.Lock()
	defer lock.Unlock()
	m.pendingLock.Lock()
	defer m.pendingLock.Unlock()
	delete(m.pending, id)
}
