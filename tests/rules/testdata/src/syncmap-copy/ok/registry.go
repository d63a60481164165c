package ok

import "sync"

type Service struct{ Addr string }

// Registry keeps its sync.Map behind a pointer: copying a Registry shares the map.
type Registry struct {
	services *sync.Map
	name     string
}

func NewRegistry(name string) Registry {
	return Registry{services: new(sync.Map), name: name}
}

// shape: value receiver on a struct holding a *sync.Map (the pointer is copied, not the map)
func (r Registry) Add(name string, s *Service) {
	r.services.Store(name, s)
}

// Cache holds a sync.Map by value and is only ever used through pointers.
type Cache struct {
	entries sync.Map
}

// shape: pointer receivers for structs holding sync.Map
func (c *Cache) Put(k string, v []byte) { c.entries.Store(k, v) }

// shape: passing and storing pointers, never values
func Warm(c *Cache, keys []string) *Cache {
	other := c
	for _, k := range keys {
		other.Put(k, nil)
	}
	p := &Cache{}
	p.Put("warm", []byte("1"))
	return p
}

// shape: the value receiver belongs to an unrelated small struct in the same file
type Key struct{ ns, id string }

func (k Key) String() string { return k.ns + "/" + k.id }
