package vault

import (
	"sync"
	"time"
)

type pendingInfo struct {
	exportLeaseTimes time.Time
	revokesAttempted uint8
}

type ExpirationManager struct {
	pendingLock sync.RWMutex
	pending     sync.Map
	lockPerLease sync.Map
}

func (m *ExpirationManager) lockLease(leaseID string) *sync.Mutex {
	l, _ := m.lockPerLease.LoadOrStore(leaseID, new(sync.Mutex))
	return l.(*sync.Mutex)
}

func (m *ExpirationManager) Restore(leaseIDs []string) {
	for _, leaseID := range leaseIDs {
		lock := m.lockLease(leaseID)
		lock.Lock()
		m.pendingLock.Lock()
		if _, ok := m.pending.Load(leaseID); !ok {
			m.pending.Store(leaseID, pendingInfo{exportLeaseTimes: time.Now()})
		}
		m.pendingLock.Unlock()
		lock.Unlock()
	}
}

type revocationJob struct {
	leaseID string
	m       *ExpirationManager
}

func (r *revocationJob) OnFailure(err error) {
	r.m.pendingLock.Lock()
	defer r.m.pendingLock.Unlock()
	lock := r.m.lockLease(r.leaseID)
	lock.Lock()
	defer lock.Unlock()
	if v, ok := r.m.pending.Load(r.leaseID); ok {
		info := v.(pendingInfo)
		info.revokesAttempted++
		r.m.pending.Store(r.leaseID, info)
	}
}
