package querycoordv2

import "sync"

type Replica struct {
	ID           int64
	CollectionID int64
	Nodes        map[int64]struct{}
}

type ReplicaManager struct {
	rwmutex  sync.RWMutex
	replicas map[int64]*Replica
}

func NewReplicaManager() *ReplicaManager {
	return &ReplicaManager{replicas: make(map[int64]*Replica)}
}

func (m *ReplicaManager) Get(id int64) *Replica {
	m.rwmutex.RLock()
	defer m.rwmutex.RUnlock()
	return m.replicas[id]
}

func (m *ReplicaManager) GetByCollection(collectionID int64) []*Replica {
	m.rwmutex.RLock()
	defer m.rwmutex.RUnlock()
	return m.getByCollection(collectionID)
}

// getByCollection is called with m.rwmutex held.
func (m *ReplicaManager) getByCollection(collectionID int64) []*Replica {
	var out []*Replica
	for _, r := range m.replicas {
		if r.CollectionID == collectionID {
			out = append(out, r)
		}
	}
	return out
}

func (m *ReplicaManager) GetByCollectionAndNode(collectionID, nodeID int64) *Replica {
	m.rwmutex.RLock()
	defer m.rwmutex.RUnlock()
	for _, r := range m.getByCollection(collectionID) {
		if _, ok := r.Nodes[nodeID]; ok {
			return r
		}
	}
	return nil
}

func (m *ReplicaManager) Put(r *Replica) {
	m.rwmutex.Lock()
	defer m.rwmutex.Unlock()
	m.replicas[r.ID] = r
}
