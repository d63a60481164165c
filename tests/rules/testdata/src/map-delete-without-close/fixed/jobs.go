package fixed

import (
	"context"
	"sync"
)

type Jobs struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func (j *Jobs) Start(id string, work func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	j.mu.Lock()
	if old, ok := j.cancels[id]; ok {
		old()
	}
	j.cancels[id] = cancel
	j.mu.Unlock()
	go work(ctx)
}

// The job's context is cancelled before its entry goes.
func (j *Jobs) Forget(id string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if cancel, ok := j.cancels[id]; ok {
		cancel()
	}
	delete(j.cancels, id)
}
