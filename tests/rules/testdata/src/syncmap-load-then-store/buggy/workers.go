package buggy

import (
	"context"
	"sync"
)

// shape: a worker built from the proxy's fields, then given a cancel and started after it is
// stored: two callers that both miss start two workers, and the one overwritten runs on.

type proxyWorker struct {
	target string
	cancel context.CancelFunc
}

func (w *proxyWorker) run(ctx context.Context) { <-ctx.Done() }

type udpProxy struct {
	target  string
	workers sync.Map // server -> *proxyWorker
}

// Proxy starts a worker for server unless one runs already.
func (p *udpProxy) Proxy(server string) {
	if _, ok := p.workers.Load(server); ok {
		return
	}
	w := &proxyWorker{target: p.target}
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(context.Background())
	p.workers.Store(server, w) // want "syncmap-load-then-store: `p.workers.Load\(server\)` then `p.workers.Store\(server, …\)` is check-then-act"
	go w.run(ctx)
}

// Close stops every worker.
func (p *udpProxy) Close() {
	p.workers.Range(func(_, v any) bool {
		v.(*proxyWorker).cancel()
		return true
	})
}
