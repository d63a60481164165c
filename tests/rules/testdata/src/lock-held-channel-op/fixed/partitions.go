package fixed

import "sync"

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

// Close copies the states under the lock and waits after releasing it.
func (p *PartitionPool) Close() {
	p.mu.Lock()
	states := make([]*partitionState, 0, len(p.states))
	for _, st := range p.states {
		states = append(states, st)
	}
	p.mu.Unlock()
	for _, st := range states {
		close(st.stop)
		st.finished.Wait()
	}
}
