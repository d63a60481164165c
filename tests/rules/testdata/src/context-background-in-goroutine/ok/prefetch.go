package ok

import "context"

type resolver struct{}

func (r *resolver) Resolve(ctx context.Context, ref string) error { return ctx.Err() }

// shape: a prefetch that must survive the request that triggered it, saying so
func Mount(ctx context.Context, r *resolver, refs []string) error {
	for _, ref := range refs {
		ref := ref
		go func() {
			// Avoids to get canceled by client.
			bg := context.Background()
			_ = r.Resolve(bg, ref)
		}()
	}
	return ctx.Err()
}
