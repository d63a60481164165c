package fixed

import "sync"

type Service struct{ Addr string }

type Registry struct {
	services sync.Map
}

type Discovery struct {
	reg  Registry
	name string
}
