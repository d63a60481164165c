package buggy

import "sync"

// ConnPool limits the number of connections in use.
type ConnPool struct {
	mu      sync.Mutex
	freed   *sync.Cond
	idle    int
	waiters int
}

// NewConnPool returns a pool with n idle connections.
func NewConnPool(n int) *ConnPool {
	p := &ConnPool{idle: n}
	p.freed = sync.NewCond(&p.mu)
	return p
}

// shape: an unexported wait helper whose only caller does not loop either
func (p *ConnPool) awaitIdleLocked() {
	if p.idle == 0 {
		p.freed.Wait() // want "cond-wait-not-in-loop: is not inside a `for` loop"
	}
}

// Acquire takes a connection, waiting for one to be released.
func (p *ConnPool) Acquire() {
	p.mu.Lock()
	p.awaitIdleLocked()
	p.idle--
	p.mu.Unlock()
}

// Release gives a connection back.
func (p *ConnPool) Release() {
	p.mu.Lock()
	p.idle++
	p.mu.Unlock()
	p.freed.Broadcast()
}

// shape: bookkeeping around the Wait inside the `if`
func (p *ConnPool) AcquireCounted() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle == 0 {
		p.waiters++
		p.freed.Wait() // want "cond-wait-not-in-loop: is not inside a `for` loop"
		p.waiters--
	}
	p.idle--
}
