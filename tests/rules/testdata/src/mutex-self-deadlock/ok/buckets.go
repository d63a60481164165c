package ok

import "sync"

// Bucket hands out capacity under its lock, through a callback.
type Bucket struct {
	mu   sync.Mutex
	fill int64
	cap  int64
}

func (b *Bucket) FillLocked(fn func(remaining int64) (int64, error)) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := fn(b.cap - b.fill)
	b.fill += n
	return n, err
}

type Buckets struct {
	Write  *Bucket
	Global *Bucket
}

type shapedConn struct {
	buckets Buckets
}

// shape: the callback run under the connection's write bucket fills the global bucket, another
// Bucket: two locks of one type, each taken once
func (c *shapedConn) Write(p []byte) (int64, error) {
	return c.buckets.Write.FillLocked(func(remaining int64) (int64, error) {
		return c.buckets.Global.FillLocked(func(rem int64) (int64, error) {
			if rem < remaining {
				remaining = rem
			}
			return remaining, nil
		})
	})
}
