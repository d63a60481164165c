package fixed

import "context"

// joinCtx returns a context done when either parent is done; it watches b until then.
func joinCtx(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(a)
	go func() {
		select {
		case <-b.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

type plugin struct {
	done context.Context
	wait func(ctx context.Context, id string) error
}

// shape: the joined context is cancelled when the wait ends
func (p *plugin) WaitTask(ctx context.Context, id string) error {
	joined, cancel := joinCtx(ctx, p.done)
	defer cancel()
	return p.wait(joined, id)
}
