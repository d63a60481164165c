package buggy

// Reload replaces the configuration and drops services it no longer lists: config then
// registry, through a helper.
func Reload(next map[string]string) {
	cfgMu.Lock()
	defer cfgMu.Unlock()
	tracef("reload %d keys", len(next))
	config = next
	pruneServices(next) // want "lock-order-inversion: ^Lock-order inversion: .*waits forever for the other's"
}

func pruneServices(cfg map[string]string) {
	regMu.Lock()
	defer regMu.Unlock()
	for name := range services {
		if _, ok := cfg["service."+name]; !ok {
			delete(services, name)
		}
	}
}
