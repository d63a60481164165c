//go:build go1.9
// +build go1.9

package ok

import "sync"

// shape: the live variant of a type declared once per build constraint
type fieldCacher struct {
	sync.Map
}

func (c *fieldCacher) lookup(t string) (int, bool) {
	v, ok := c.Load(t)
	if !ok {
		return 0, false
	}
	return v.(int), true
}

type resolver struct {
	sync.Map
}

type options struct {
	resolver *resolver
}

// shape: a pointer made with &T{} handed on: only the pointer is copied
func configure(names []string) options {
	r := &resolver{}
	for _, n := range names {
		r.Store(n, true)
	}
	var o options
	o.resolver = r
	return o
}

// shape: dereferencing a pointer to a pointer yields a pointer
func swap(slot **resolver, next *resolver) *resolver {
	prev := *slot
	*slot = next
	return prev
}
