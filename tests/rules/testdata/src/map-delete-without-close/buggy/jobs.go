package buggy

import (
	"context"
	"sync"
)

// Jobs runs one goroutine per job; each job's goroutine ends when its context is cancelled.
type Jobs struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func (j *Jobs) Start(id string, work func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	j.mu.Lock()
	j.cancels[id] = cancel
	j.mu.Unlock()
	go work(ctx)
}

// Forgetting a job drops its cancel func: its goroutine never sees Done.
func (j *Jobs) Forget(id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.cancels, id) // want "map-delete-without-close: drops a context's CancelFunc without calling it"
}
