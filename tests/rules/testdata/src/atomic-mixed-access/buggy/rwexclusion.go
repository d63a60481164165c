package buggy

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type slots struct{ size int }

type shard struct{ items []string }

func (sh *shard) swapTable(t *table, old, next *slots) bool {
	return atomic.CompareAndSwapPointer(&t.head, unsafe.Pointer(old), unsafe.Pointer(next))
}

type table struct {
	mu     sync.RWMutex
	head   unsafe.Pointer // *slots
	closed bool
}

func (t *table) current() (*slots, *shard) {
	return (*slots)(atomic.LoadPointer(&t.head)), &shard{}
}

func (t *table) grow() {
	s, sh := t.current()
	sh.swapTable(t, s, &slots{size: s.size * 2})
}

// Grow runs concurrently with other Grow calls: the table swaps heads atomically under the read lock.
func (t *table) Grow() {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if !t.closed {
		t.grow()
	}
}

type entry struct{ owner *table }

// release swaps heads without the table's lock, so Close's plain read can meet it.
func (e *entry) release() {
	e.owner.grow()
}

func (t *table) Close() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	return (*slots)(t.head).size // want "atomic-mixed-access: plainly .* atomics only help when every access is atomic"
}

func serveTable(t *table, es []*entry) {
	for _, e := range es {
		go e.release()
	}
	go t.Grow()
}
