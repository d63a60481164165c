package fixed

import (
	"log"
	"sync"
)

var (
	regMu    sync.Mutex
	services = map[string]string{}

	cfgMu  sync.Mutex
	config = map[string]string{}

	tracef = log.Printf
)

// shape: two package-level mutexes, registry then config
func Register(name, addr string) {
	regMu.Lock()
	defer regMu.Unlock()
	tracef("register %s", name)
	services[name] = addr
	cfgMu.Lock()
	config["service."+name] = addr
	cfgMu.Unlock()
}

// Lookup reads the registry only.
func Lookup(name string) (string, bool) {
	regMu.Lock()
	defer regMu.Unlock()
	addr, ok := services[name]
	return addr, ok
}
