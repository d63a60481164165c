package ok

import "context"

type Replicator struct {
	push func(ctx context.Context, replica string) error
}

// shape: the comment at the call says the fresh context must outlive the caller's
func (r *Replicator) Write(ctx context.Context, replicas []string) error {
	errs := make(chan error, len(replicas))
	for _, rep := range replicas {
		go func(rep string) {
			// a background context, so that every replica gets the write even if the
			// request returns early
			errs <- r.push(context.Background(), rep)
		}(rep)
	}
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
