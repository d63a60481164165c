package buggy

import "sync"

// shape: a local Cond; the workers count themselves done but never Broadcast
func RunAll(tasks []func()) {
	var mu sync.Mutex
	allDone := sync.NewCond(&mu)
	finished := 0
	for _, task := range tasks {
		go func() {
			task()
			mu.Lock()
			finished++
			mu.Unlock()
		}()
	}
	mu.Lock()
	for finished < len(tasks) {
		allDone.Wait() // want "cond-never-signalled: waits for a Signal or Broadcast that never comes"
	}
	mu.Unlock()
}

var (
	configMu     sync.Mutex
	configLoaded = sync.NewCond(&configMu)
	config       map[string]string
)

// shape: a package-level Cond; the loader registered in init sets the value silently
func setConfig(c map[string]string) {
	configMu.Lock()
	config = c
	configMu.Unlock()
}

// Lookup blocks until the configuration is loaded.
func Lookup(key string) string {
	configMu.Lock()
	defer configMu.Unlock()
	for config == nil {
		configLoaded.Wait() // want "cond-never-signalled: waits for a Signal or Broadcast that never comes"
	}
	return config[key]
}

// Load installs a configuration.
func Load(c map[string]string) {
	setConfig(c)
}
