package ok

import (
	"errors"
	"sync"
)

// FrameConn reads framed responses; a reader keeps the read lock until it has read its frame.
type FrameConn struct {
	rlock sync.Mutex
	next  int32
	size  int
}

// shape: the lock is handed to the caller through a result, which unlocks it
func (c *FrameConn) waitResponse(id int32) (size int, lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock()
		if c.next < 0 {
			c.rlock.Unlock()
			return 0, nil, errors.New("closed")
		}
		if c.next == id {
			size, lock = c.size, &c.rlock
			return
		}
		c.rlock.Unlock()
	}
}

// Read reads one response and releases the read lock.
func (c *FrameConn) Read(id int32) (int, error) {
	size, lock, err := c.waitResponse(id)
	if err != nil {
		return 0, err
	}
	defer lock.Unlock()
	return size, nil
}

// Acks tracks pending acknowledgements.
type Acks struct {
	mu      sync.Mutex
	pending map[string]chan error
	onError func(error)
}

// shape: an early return after a local closure that unlocks
func (a *Acks) Handle(id string, failed bool) {
	a.mu.Lock()
	ch := a.pending[id]
	delete(a.pending, id)
	fail := func(err error) {
		if ch != nil {
			ch <- err
		}
		cb := a.onError
		a.mu.Unlock()
		if cb != nil {
			cb(err)
		}
	}
	if failed {
		fail(errors.New("no responders"))
		return
	}
	a.mu.Unlock()
}
