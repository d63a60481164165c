package buggy

import "sync"

// Buffer is a byte buffer one goroutine fills and another drains.
type Buffer struct {
	mu     sync.Mutex
	ready  *sync.Cond
	data   []byte
	closed bool
}

// NewBuffer returns an empty buffer.
func NewBuffer() *Buffer {
	b := &Buffer{}
	b.ready = sync.NewCond(&b.mu)
	return b
}

// Write appends p and wakes the reader.
func (b *Buffer) Write(p []byte) {
	b.mu.Lock()
	b.data = append(b.data, p...)
	b.mu.Unlock()
	b.ready.Signal()
}

// CloseWrite wakes the reader for good.
func (b *Buffer) CloseWrite() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.ready.Broadcast()
}

// shape: the lock is taken only after the wait loop
func (b *Buffer) ReadAll() []byte {
	for len(b.data) == 0 && !b.closed {
		b.ready.Wait() // want "cond-wait-without-lock: sync: unlock of unlocked mutex"
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.data
	b.data = nil
	return out
}
