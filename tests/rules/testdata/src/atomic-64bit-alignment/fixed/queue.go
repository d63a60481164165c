package fixed

import "sync/atomic"

// shape: the counter first
type Queue struct {
	total int64
	head  *int
	size  int32
	name  int32
}

func (q *Queue) Push() { atomic.AddInt64(&q.total, 1) }
