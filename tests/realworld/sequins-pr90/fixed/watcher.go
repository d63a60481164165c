package zk

import "sync"

type watchHook func(node string)

type watcher struct {
	lock      sync.Mutex
	hooksLock sync.Mutex
	watches   map[string]int
	hooks     []watchHook
	updates   chan string
}

func newWatcher() *watcher {
	w := &watcher{watches: make(map[string]int), updates: make(chan string, 16)}
	go w.run()
	return w
}

func (w *watcher) run() {
	for node := range w.updates {
		w.lock.Lock()
		w.watches[node]++
		w.hooksLock.Lock()
		for _, h := range w.hooks {
			h(node)
		}
		w.hooksLock.Unlock()
		w.lock.Unlock()
	}
}

func (w *watcher) addHook(h watchHook) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.hooksLock.Lock()
	w.hooks = append(w.hooks, h)
	w.hooksLock.Unlock()
	for node := range w.watches {
		h(node)
	}
}
