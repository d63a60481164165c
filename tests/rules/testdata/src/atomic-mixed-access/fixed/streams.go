package fixed

import (
	"context"
	"sync/atomic"
)

var openStreams int64

const maxStreams = 100

func checkStreamLimit() bool {
	return atomic.LoadInt64(&openStreams) >= maxStreams
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

func (h statsHandler) end(ctx context.Context) {
	d, ok := ctx.Value(rpcKey{}).(*rpcStats)
	if !ok {
		return
	}
	h.report(atomic.LoadUint64(&d.sent), atomic.LoadUint64(&d.received))
}
