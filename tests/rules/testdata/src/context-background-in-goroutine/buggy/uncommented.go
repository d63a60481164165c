package buggy

import "context"

type Replicator struct {
	push func(ctx context.Context, replica string) error
}

// shape: the comment at the go statement is about the work, not about its context
func (r *Replicator) Write(ctx context.Context, replicas []string) {
	for _, rep := range replicas {
		// push to every replica in the background
		go func(rep string) {
			_ = r.push(context.Background(), rep) // want "context-background-in-goroutine: cancelling the caller's context .* does not stop it"
		}(rep)
	}
	<-ctx.Done()
}
