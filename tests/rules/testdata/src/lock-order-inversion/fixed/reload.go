package fixed

// Reload replaces the configuration and drops services it no longer lists. Like Register it
// takes the registry lock first, then the config lock.
func Reload(next map[string]string) {
	tracef("reload %d keys", len(next))
	regMu.Lock()
	defer regMu.Unlock()
	cfgMu.Lock()
	defer cfgMu.Unlock()
	config = next
	pruneServicesLocked(next)
}

// pruneServicesLocked drops services cfg does not list; regMu must be held.
func pruneServicesLocked(cfg map[string]string) {
	for name := range services {
		if _, ok := cfg["service."+name]; !ok {
			delete(services, name)
		}
	}
}
