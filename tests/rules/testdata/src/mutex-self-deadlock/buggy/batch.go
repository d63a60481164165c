package buggy

import "sync"

// Batcher collects items and hands them on in groups.
type Batcher struct {
	mu      sync.Mutex
	pending []string
	sent    int
}

func (b *Batcher) add(items []string) {
	if len(items) > 0 {
		b.mu.Lock() // want "mutex-self-deadlock: `Batcher.Flush` locks `b.mu` at batch.go:[0-9]+ and, holding it, calls `b.add[(][)]` [(]batch.go:[0-9]+[)]"
		b.pending = append(b.pending, items...)
		b.mu.Unlock()
	}
}

// shape: the callee locks only for a non-empty argument, and the caller passes one while it holds the lock
func (b *Batcher) Flush(limit int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.pending) > limit {
		rest := b.pending[limit:]
		b.pending = b.pending[:limit]
		b.sent += limit
		b.add(rest)
	}
}
