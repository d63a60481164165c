package kube

import "sync"

type ObjectMeta struct {
	Name      string
	Namespace string
	IPs       []string
}

type Store struct {
	access      sync.RWMutex
	objectMetaByIP map[string]*ObjectMeta
	containerIDs   map[string]*ObjectMeta
	otelServiceInfoByIP map[string]string
}

func NewStore() *Store {
	return &Store{
		objectMetaByIP:      map[string]*ObjectMeta{},
		containerIDs:        map[string]*ObjectMeta{},
		otelServiceInfoByIP: map[string]string{},
	}
}

func (s *Store) On(ev string, meta *ObjectMeta) {
	s.access.Lock()
	defer s.access.Unlock()
	switch ev {
	case "created", "updated":
		s.addObjectIPs(meta)
	case "deleted":
		s.deleteObjectIPs(meta)
	}
}

func (s *Store) addObjectIPs(meta *ObjectMeta) {
	for _, ip := range meta.IPs {
		s.objectMetaByIP[ip] = meta
	}
}

func (s *Store) deleteObjectIPs(meta *ObjectMeta) {
	s.access.Lock()
	defer s.access.Unlock()
	for _, ip := range meta.IPs {
		delete(s.objectMetaByIP, ip)
		delete(s.otelServiceInfoByIP, ip)
	}
}

func (s *Store) ObjectMetaByIP(ip string) *ObjectMeta {
	s.access.RLock()
	defer s.access.RUnlock()
	return s.objectMetaByIP[ip]
}
