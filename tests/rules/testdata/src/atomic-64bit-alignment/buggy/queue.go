package buggy

import "sync/atomic"

// shape: a pointer and an int32 before the counter (4+4+4 = 12)
type Queue struct {
	head  *int
	size  int32
	name  int32
	total int64 // want "atomic-64bit-alignment: not 8-byte aligned: the atomic call panics"
}

func (q *Queue) Push() { atomic.AddInt64(&q.total, 1) }
