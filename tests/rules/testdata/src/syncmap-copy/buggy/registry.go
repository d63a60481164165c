package buggy

import "sync"

type Service struct{ Addr string }

// Registry holds a sync.Map by value: copying a Registry copies the map.
type Registry struct {
	services sync.Map
}

type Discovery struct {
	reg  Registry
	name string
}
