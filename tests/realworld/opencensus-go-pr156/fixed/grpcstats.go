package grpcstats

import (
	"context"
	"sync"
	"time"
)

type grpcInstrumentationKey string

var grpcClientRPCKey = grpcInstrumentationKey("client-rpc")

// rpcData is what the handler keeps between the start and the end of one RPC.
type rpcData struct {
	startTime           time.Time
	reqCount, respCount int64 // access atomically
}

// Measurement is one value recorded for a measure.
type Measurement struct {
	Name  string
	Value float64
}

// MeasureInt64 and MeasureFloat64 stand in for the OpenCensus measures.
type MeasureInt64 struct{ name string }

func (m MeasureInt64) Is(v int64) Measurement { return Measurement{m.name, float64(v)} }

type MeasureFloat64 struct{ name string }

func (m MeasureFloat64) Is(v float64) Measurement { return Measurement{m.name, v} }

var (
	RPCClientRequestBytes     = MeasureInt64{"grpc.io/client/request_bytes"}
	RPCClientResponseBytes    = MeasureInt64{"grpc.io/client/response_bytes"}
	RPCClientRequestCount     = MeasureInt64{"grpc.io/client/request_count"}
	RPCClientResponseCount    = MeasureInt64{"grpc.io/client/response_count"}
	RPCClientStartedCount     = MeasureInt64{"grpc.io/client/started_count"}
	RPCClientFinishedCount    = MeasureInt64{"grpc.io/client/finished_count"}
	RPCClientErrorCount       = MeasureInt64{"grpc.io/client/error_count"}
	RPCClientRoundTripLatency = MeasureFloat64{"grpc.io/client/roundtrip_latency"}
)

var (
	recordedMu sync.Mutex
	recorded   []Measurement
)

func record(ctx context.Context, ms ...Measurement) {
	recordedMu.Lock()
	recorded = append(recorded, ms...)
	recordedMu.Unlock()
}
