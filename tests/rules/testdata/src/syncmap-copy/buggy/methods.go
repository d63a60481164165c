package buggy

import (
	"fmt"
	"sync"
)

// shape: value receiver on a struct declared in registry.go that holds a sync.Map
func (r Registry) Add(name string, s *Service) { // want "syncmap-copy: sync\.Map"
	r.services.Store(name, s)
}

// shape: value receiver on a struct holding a sync.Map through a value field
func (d Discovery) Name() string { // want "syncmap-copy: sync\.Map"
	return d.name
}

// shape: sync.Map passed by value
func dump(m sync.Map) { // want "syncmap-copy: sync\.Map"
	m.Range(func(k, v any) bool {
		fmt.Println(k, v)
		return true
	})
}

// shape: dereferencing a pointer copies the struct into a local
func Snapshot(r *Registry) int {
	snap := *r // want "syncmap-copy: sync\.Map"
	n := 0
	snap.services.Range(func(_, _ any) bool { n++; return true })
	return n
}
