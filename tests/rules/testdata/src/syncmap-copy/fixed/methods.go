package fixed

import (
	"fmt"
	"sync"
)

// shape: pointer receiver
func (r *Registry) Add(name string, s *Service) {
	r.services.Store(name, s)
}

// shape: pointer receiver on the outer struct too
func (d *Discovery) Name() string {
	return d.name
}

// shape: *sync.Map parameter
func dump(m *sync.Map) {
	m.Range(func(k, v any) bool {
		fmt.Println(k, v)
		return true
	})
}

// shape: iterate through the pointer instead of copying
func Snapshot(r *Registry) int {
	n := 0
	r.services.Range(func(_, _ any) bool { n++; return true })
	return n
}
