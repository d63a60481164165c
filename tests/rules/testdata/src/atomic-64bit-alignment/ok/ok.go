package ok

import "sync/atomic"

// shape: two 32-bit fields before the int64 keep it at offset 8
type A struct {
	x, y int32
	n    int64
}

func (a *A) Inc() { atomic.AddInt64(&a.n, 1) }

// shape: the preceding field's size is unknown (another package's type): stay silent
type B struct {
	c atomic.Bool
	n int64
}

func (b *B) Inc() { atomic.AddInt64(&b.n, 1) }

// shape: a 32-bit atomic needs only 4-byte alignment
type C struct {
	ok bool
	n  int32
}

func (c *C) Inc() { atomic.AddInt32(&c.n, 1) }

// shape: five pointers and a bool end at byte 21; the uint64 starts at its own 4-byte
// alignment on 32-bit platforms, byte 24, which is 8-byte aligned
type connState struct {
	eKey, dKey *int
	h          *int
	cert       *int
	peer       *int
	initiator  bool
	counter    uint64
}

func (c *connState) Next() uint64 { return atomic.AddUint64(&c.counter, 1) }
