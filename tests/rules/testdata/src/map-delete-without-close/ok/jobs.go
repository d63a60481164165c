package ok

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
	j.cancels[id] = cancel
	j.mu.Unlock()
	go func() {
		defer j.done(id)
		work(ctx)
	}()
}

// Called by the job's own goroutine once it has returned: the work is over, and the entry
// is handed back to the caller, who cancels it.
func (j *Jobs) done(id string) context.CancelFunc {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := j.cancels[id]
	delete(j.cancels, id)
	return c
}

// Stops every job: each cancel func is called as it is removed.
func (j *Jobs) StopAll() {
	j.mu.Lock()
	defer j.mu.Unlock()
	for id, cancel := range j.cancels {
		cancel()
		delete(j.cancels, id)
	}
}
