package ok

import (
	"net"
	"sync"
)

// Waiters lets a goroutine wait for a reply tagged with its id.
type Waiters struct {
	mu sync.Mutex
	m  map[uint64]chan []byte
}

// shape: the waiter removes its own channel after receiving; the deliverer closed nothing
// it still needs and nobody else receives from it
func (w *Waiters) Wait(id uint64) []byte {
	ch := make(chan []byte, 1)
	w.mu.Lock()
	w.m[id] = ch
	w.mu.Unlock()
	msg := <-ch
	w.mu.Lock()
	delete(w.m, id)
	w.mu.Unlock()
	return msg
}

// shape: delete after closing the channel
func (w *Waiters) Cancel(id uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ch, ok := w.m[id]; ok {
		close(ch)
	}
	delete(w.m, id)
}

// Feeds maps names to receive-only channels owned by their producers.
type Feeds struct {
	in map[string]<-chan int
}

// shape: receive-only channels cannot be closed by the map's owner
func (f *Feeds) Drop(name string) {
	delete(f.in, name)
}

// shape: values that need no releasing
func forget(counts map[string]int, k string) {
	delete(counts, k)
}

type Pool struct {
	mu    sync.Mutex
	conns map[string]net.Conn
}

// shape: ownership hand-off: the conn is taken out and returned to the caller
func (p *Pool) Take(addr string) net.Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.conns[addr]
	delete(p.conns, addr)
	return c
}

// Conn sends requests and routes each reply to the channel of its token.
type Conn struct {
	mu      sync.Mutex
	next    uint64
	replies map[uint64]chan []byte
}

func (c *Conn) send(req []byte) (chan []byte, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	ch := make(chan []byte, 1)
	c.replies[c.next] = ch
	return ch, c.next
}

// shape: the requester gives up on its own reply channel (made by a helper) on timeout
func (c *Conn) Request(req []byte, timeout <-chan struct{}) ([]byte, bool) {
	ch, token := c.send(req)
	select {
	case r := <-ch:
		return r, true
	case <-timeout:
		c.mu.Lock()
		delete(c.replies, token)
		c.mu.Unlock()
		return nil, false
	}
}
