package grpcstats

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"example.com/opencensus-go-pr156/stats"
)

// clientHandler is the stats.Handler of a gRPC client. gRPC calls HandleRPC
// from the goroutines that send and receive on the RPC's stream.
type clientHandler struct{}

// NewClientHandler returns the stats handler to install on a gRPC client.
func NewClientHandler() stats.Handler {
	return clientHandler{}
}

// TagRPC attaches a fresh rpcData to the RPC's context.
func (ch clientHandler) TagRPC(ctx context.Context, info *stats.RPCTagInfo) context.Context {
	startTime := time.Now()
	if info == nil || len(strings.Split(info.FullMethodName, "/")) != 3 {
		return ctx
	}
	d := &rpcData{startTime: startTime}
	record(ctx, RPCClientStartedCount.Is(1))
	return context.WithValue(ctx, grpcClientRPCKey, d)
}

// HandleRPC processes the RPC events.
func (ch clientHandler) HandleRPC(ctx context.Context, s stats.RPCStats) {
	switch st := s.(type) {
	case *stats.Begin:
		// nothing for the client
	case *stats.OutPayload:
		ch.handleRPCOutPayload(ctx, st)
	case *stats.InPayload:
		ch.handleRPCInPayload(ctx, st)
	case *stats.End:
		ch.handleRPCEnd(ctx, st)
	}
}

func (ch clientHandler) handleRPCOutPayload(ctx context.Context, s *stats.OutPayload) {
	d, ok := ctx.Value(grpcClientRPCKey).(*rpcData)
	if !ok {
		return
	}
	record(ctx, RPCClientRequestBytes.Is(int64(s.Length)))
	atomic.AddInt64(&d.reqCount, 1)
}

func (ch clientHandler) handleRPCInPayload(ctx context.Context, s *stats.InPayload) {
	d, ok := ctx.Value(grpcClientRPCKey).(*rpcData)
	if !ok {
		return
	}
	record(ctx, RPCClientResponseBytes.Is(int64(s.Length)))
	atomic.AddInt64(&d.respCount, 1)
}

func (ch clientHandler) handleRPCEnd(ctx context.Context, s *stats.End) {
	d, ok := ctx.Value(grpcClientRPCKey).(*rpcData)
	if !ok {
		return
	}
	elapsedTime := time.Since(d.startTime)
	reqCount := atomic.LoadInt64(&d.reqCount)
	respCount := atomic.LoadInt64(&d.respCount)

	var measurements []Measurement
	measurements = append(measurements, RPCClientRequestCount.Is(reqCount))
	measurements = append(measurements, RPCClientResponseCount.Is(respCount))
	measurements = append(measurements, RPCClientFinishedCount.Is(1))
	measurements = append(measurements, RPCClientRoundTripLatency.Is(float64(elapsedTime)/float64(time.Millisecond)))

	if s.Error != nil {
		measurements = append(measurements, RPCClientErrorCount.Is(1))
	}

	record(ctx, measurements...)
}
