package ok

import "sync"

// Latch opens once.
type Latch struct {
	mu   sync.RWMutex
	cond *sync.Cond
	open bool
}

// NewLatch waits under the read lock.
func NewLatch() *Latch {
	l := &Latch{}
	l.cond = sync.NewCond(l.mu.RLocker())
	return l
}

// shape: a read-locked Cond (RLocker) waited on under RLock
func (l *Latch) Wait() {
	l.mu.RLock()
	for !l.open {
		l.cond.Wait()
	}
	l.mu.RUnlock()
}

// Open releases every waiter.
func (l *Latch) Open() {
	l.mu.Lock()
	l.open = true
	l.mu.Unlock()
	l.cond.Broadcast()
}

// Pipe passes one value at a time.
type Pipe struct {
	c    *sync.Cond
	full bool
	v    int
}

// NewPipe builds the Cond around its own mutex.
func NewPipe() *Pipe { return &Pipe{c: sync.NewCond(new(sync.Mutex))} }

// shape: the lock taken through c.L
func (p *Pipe) Take() int {
	p.c.L.Lock()
	defer p.c.L.Unlock()
	for !p.full {
		p.c.Wait()
	}
	p.full = false
	p.c.Broadcast()
	return p.v
}

// Put stores v once the pipe is empty.
func (p *Pipe) Put(v int) {
	p.c.L.Lock()
	for p.full {
		p.waitLocked()
	}
	p.v, p.full = v, true
	p.c.L.Unlock()
	p.c.Broadcast()
}

// shape: a helper documented (and named) as called with the lock held
func (p *Pipe) waitLocked() {
	p.c.Wait()
}

// shape: a helper whose every caller holds the lock
func (p *Pipe) awaitEmpty() {
	for p.full {
		p.c.Wait()
	}
}

// Reset empties the pipe once it has been read.
func (p *Pipe) Reset() {
	p.c.L.Lock()
	p.awaitEmpty()
	p.v = 0
	p.c.L.Unlock()
}
