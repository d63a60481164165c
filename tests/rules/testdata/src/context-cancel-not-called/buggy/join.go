package buggy

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

// shape: the package's own context constructor, its cancel function dropped
func (p *plugin) WaitTask(ctx context.Context, id string) error {
	joined, _ := joinCtx(ctx, p.done) // want "context-cancel-not-called: The cancel function of `joinCtx` is discarded"
	return p.wait(joined, id)
}
