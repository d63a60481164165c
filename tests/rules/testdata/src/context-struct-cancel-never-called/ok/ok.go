package ok

import "context"

// shape: an exported field: code outside the package may call it
type Handle struct {
	Cancel context.CancelFunc
}

func NewHandle(parent context.Context) (*Handle, context.Context) {
	ctx, cancel := context.WithCancel(parent)
	return &Handle{Cancel: cancel}, ctx
}

// shape: the cancel field is deferred by the loop that owns it
type loop struct {
	cancel context.CancelFunc
}

func (l *loop) run(parent context.Context, step func(context.Context) bool) {
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	defer l.cancel()
	for step(ctx) {
	}
}

// shape: the field is handed to someone who will call it
type owner struct {
	stop context.CancelFunc
}

func (o *owner) start(parent context.Context, register func(context.CancelFunc)) context.Context {
	ctx, cancel := context.WithCancel(parent)
	o.stop = cancel
	register(o.stop)
	return ctx
}

type pipeEnd struct {
	ctx  context.Context
	stop context.CancelFunc
}

// shape: the cancel functions are stored and also called through the local variables
func newPipe(ctx context.Context, serve func(*pipeEnd) error) *pipeEnd {
	cctx, ccancel := context.WithCancel(ctx)
	cli := &pipeEnd{ctx: cctx, stop: ccancel}
	sctx, scancel := context.WithCancel(ctx)
	srv := &pipeEnd{ctx: sctx, stop: scancel}
	go func() {
		_ = serve(srv)
		scancel()
		ccancel()
	}()
	return cli
}
