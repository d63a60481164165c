package buggy

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

// shape: a reader asks for a refresh while holding the read lock; the refresher, between two receives, is handed the same store and takes its write lock
func (s *groupStore) Group(name string) (int, bool) {
	s.RLock()
	defer s.RUnlock()
	g, ok := s.groups[name]
	if !ok {
		s.refresh <- struct{}{} // want "lock-held-channel-op: `groupStore.Group` holds `s`"
	}
	return g, ok
}
