package buggy

import "sync"

func (r *Registry) Get(k string) (int, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	v, ok := r.items[k]
	return v, ok
}

// shape: the nested RLock is in another file and one call down
func (r *Registry) GetAll(keys []string) []int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []int
	for _, k := range keys {
		out = append(out, r.lookup(k)) // want "rwmutex-recursive-rlock: recursive RLock"
	}
	return out
}

func (r *Registry) lookup(k string) int {
	v, _ := r.Get(k)
	return v
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

// shape: a package-level RWMutex read-locked twice through a function call
func ConfOr(k, def string) string {
	confMu.RLock()
	defer confMu.RUnlock()
	if _, ok := conf[k]; !ok {
		return def
	}
	return Conf(k) // want "rwmutex-recursive-rlock: recursive RLock"
}
