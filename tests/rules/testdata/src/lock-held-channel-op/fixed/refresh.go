package fixed

import "sync"

type groupStore struct {
	sync.RWMutex
	groups  map[string]int
	refresh chan struct{}
	load    func() map[string]int
}

func reload(s *groupStore) {
	g := s.load()
	s.Lock()
	s.groups = g
	s.Unlock()
}

func refresher(s *groupStore) {
	for range s.refresh {
		reload(s)
	}
}

func newGroupStore(load func() map[string]int) *groupStore {
	s := &groupStore{groups: map[string]int{}, refresh: make(chan struct{}), load: load}
	go refresher(s)
	return s
}

func (s *groupStore) Group(name string) (int, bool) {
	s.RLock()
	defer s.RUnlock()
	g, ok := s.groups[name]
	if !ok {
		go func() { s.refresh <- struct{}{} }()
	}
	return g, ok
}
