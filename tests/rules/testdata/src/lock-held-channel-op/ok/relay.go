package ok

import "sync"

// Relay moves values between two independently locked stages.
type Relay struct {
	inMu  sync.Mutex
	outMu sync.Mutex
	pipe  chan int
	total int
	last  int
}

func NewRelay() *Relay {
	r := &Relay{pipe: make(chan int)}
	go r.drain()
	return r
}

// shape: the sender holds one mutex, the receiver holds a different one
func (r *Relay) Push(v int) {
	r.inMu.Lock()
	defer r.inMu.Unlock()
	r.total += v
	r.pipe <- v
}

func (r *Relay) drain() {
	for {
		r.outMu.Lock()
		r.last = <-r.pipe
		r.outMu.Unlock()
	}
}
