package taskrunner

import (
	"context"
	"sync"
)

type Record struct {
	Description string
	Messages    []string
	Result      string
	Err         error
	Complete    bool
}

// Runner executes each task's action in its own goroutine; the RPC that
// queued it has already returned the task ID to the client.
type Runner struct {
	mu      sync.Mutex
	records map[string]*Record
}

func NewRunner() *Runner {
	return &Runner{records: map[string]*Record{}}
}

func (r *Runner) Execute(ctx context.Context, description, taskID string, action func(chan string) (string, error)) {
	rec := &Record{Description: description}
	r.mu.Lock()
	r.records[taskID] = rec
	r.mu.Unlock()

	messages := make(chan string)
	done := make(chan struct{})
	go func() {
		for m := range messages {
			r.mu.Lock()
			rec.Messages = append(rec.Messages, m)
			r.mu.Unlock()
		}
		close(done)
	}()

	go func() {
		result, err := action(messages)
		close(messages)
		<-done
		r.mu.Lock()
		rec.Result, rec.Err, rec.Complete = result, err, true
		r.mu.Unlock()
	}()
}
