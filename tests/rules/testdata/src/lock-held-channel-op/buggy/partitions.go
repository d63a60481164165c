package buggy

import "sync"

// Each partition has its own WaitGroup, kept in a map guarded by the pool's lock. The
// goroutines that finish a partition look it up in the map, so they take the lock before Done.
type partitionState struct {
	finished sync.WaitGroup
	stop     chan struct{}
}

type PartitionPool struct {
	mu     sync.Mutex
	states map[int]*partitionState
}

func (p *PartitionPool) Start(ids []int) {
	for _, id := range ids {
		st := &partitionState{stop: make(chan struct{})}
		p.mu.Lock()
		p.states[id] = st
		st.finished.Add(1)
		p.mu.Unlock()
		go p.run(id, st.stop)
	}
}

func (p *PartitionPool) run(id int, stop chan struct{}) {
	<-stop
	p.mu.Lock()
	p.states[id].finished.Done()
	p.mu.Unlock()
}

// shape: the WaitGroup is reached through a range over the map on the waiting side and through
// an index into the same map on the finishing side; Close waits while holding the lock
func (p *PartitionPool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.states {
		close(st.stop)
		st.finished.Wait() // want "lock-held-channel-op: goroutine it waits for calls `Done` only after locking"
	}
}
