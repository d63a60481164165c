package fixed

import "sync"

// Batcher collects items and hands them on in groups.
type Batcher struct {
	mu      sync.Mutex
	pending []string
	sent    int
}

func (b *Batcher) add(items []string) {
	if len(items) > 0 {
		b.mu.Lock()
		b.pending = append(b.pending, items...)
		b.mu.Unlock()
	}
}

// shape: the caller keeps the leftover items and adds them back once it has let go of the mutex
func (b *Batcher) Flush(limit int) {
	b.mu.Lock()
	var rest []string
	if len(b.pending) > limit {
		rest = b.pending[limit:]
		b.pending = b.pending[:limit]
		b.sent += limit
	}
	b.mu.Unlock()
	b.add(rest)
}
