package ok

import "sync"

var (
	pluginsMu sync.Mutex
	plugins   = map[string]func(){}

	hooksMu sync.RWMutex
	hooks   = map[string][]string{}
)

// shape: opposite orders only in unexported set-up code that runs once, before any goroutine
func init() {
	loadPlugins()
	loadHooks()
}

func loadPlugins() {
	pluginsMu.Lock()
	defer pluginsMu.Unlock()
	plugins["noop"] = func() {}
	hooksMu.Lock()
	hooks["noop"] = nil
	hooksMu.Unlock()
}

func loadHooks() {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	pluginsMu.Lock()
	for name := range plugins {
		hooks[name] = append(hooks[name], "loaded")
	}
	pluginsMu.Unlock()
}

// shape: an exported reader that takes only one of the two locks
func Hooks(name string) []string {
	hooksMu.RLock()
	defer hooksMu.RUnlock()
	return hooks[name]
}
