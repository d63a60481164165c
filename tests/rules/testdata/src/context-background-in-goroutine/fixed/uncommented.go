package fixed

import "context"

type Replicator struct {
	push func(ctx context.Context, replica string) error
}

// shape: every push is cut short with the caller's context
func (r *Replicator) Write(ctx context.Context, replicas []string) {
	for _, rep := range replicas {
		// push to every replica in the background
		go func(rep string) {
			_ = r.push(ctx, rep)
		}(rep)
	}
	<-ctx.Done()
}
