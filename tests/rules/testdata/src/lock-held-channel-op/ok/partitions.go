package ok

import "sync"

// The finishing goroutines hold the partition itself, not the map: Done needs no lock, so
// waiting under the pool's lock delays other callers but cannot deadlock.
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
		go p.run(st)
	}
}

func (p *PartitionPool) run(st *partitionState) {
	defer st.finished.Done()
	<-st.stop
}

func (p *PartitionPool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.states {
		close(st.stop)
		st.finished.Wait()
	}
}
