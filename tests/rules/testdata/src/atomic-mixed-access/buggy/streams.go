package buggy

import (
	"context"
	"sync/atomic"
)

var openStreams int64

const maxStreams = 100

// shape: a package counter every call adds to atomically, compared plainly where a call checks the limit
func checkStreamLimit() bool {
	return openStreams >= maxStreams // want "atomic-mixed-access: `openStreams` is read plainly here but updated with `atomic.AddInt64`"
}

func Publish(send func() error) error {
	if checkStreamLimit() {
		return context.DeadlineExceeded
	}
	atomic.AddInt64(&openStreams, 1)
	defer atomic.AddInt64(&openStreams, -1)
	return send()
}

type rpcKey struct{}

type rpcStats struct {
	sent, received uint64
}

type statsHandler struct{ report func(sent, received uint64) }

func (h statsHandler) outPayload(ctx context.Context) {
	if d, ok := ctx.Value(rpcKey{}).(*rpcStats); ok {
		atomic.AddUint64(&d.sent, 1)
	}
}

func (h statsHandler) inPayload(ctx context.Context) {
	if d, ok := ctx.Value(rpcKey{}).(*rpcStats); ok {
		atomic.AddUint64(&d.received, 1)
	}
}

// shape: the RPC's counters, looked up from its context by every stats callback, are added to atomically and read plainly at the end
func (h statsHandler) end(ctx context.Context) {
	d, ok := ctx.Value(rpcKey{}).(*rpcStats)
	if !ok {
		return
	}
	h.report(d.sent, d.received) // want "atomic-mixed-access: `d.sent`, `d.received` are read plainly here but updated with `atomic.AddUint64`"
}
