package fixed

import "sync"

func (r *Registry) Get(k string) (int, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.items[k]
	return v, ok
}

// shape: index the map directly under the one RLock
func (r *Registry) GetAll(keys []string) []int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []int
	for _, k := range keys {
		out = append(out, r.items[k])
	}
	return out
}

var (
	confMu sync.RWMutex
	conf   = map[string]string{}
)

func Conf(k string) string {
	confMu.RLock()
	defer confMu.RUnlock()
	return conf[k]
}

// shape: no second RLock
func ConfOr(k, def string) string {
	confMu.RLock()
	defer confMu.RUnlock()
	if _, ok := conf[k]; !ok {
		return def
	}
	return conf[k]
}
