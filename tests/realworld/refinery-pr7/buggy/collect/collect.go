package collect

import (
	"context"
	"time"

	"example.com/refinery-pr7/sample"
	"example.com/refinery-pr7/types"
)

// Collector gathers spans into traces and hands complete traces on.
type Collector interface {
	AddSpan(*types.Span)
}

// Transmission sends spans on to the upstream API.
type Transmission interface {
	EnqueueSpan(*types.Span)
	Flush()
}

// InMemCollector keeps the traces in memory until they are complete or time
// out. AddSpan is called by the router for every incoming span, from the
// request's own goroutine.
type InMemCollector struct {
	Transmission Transmission
	Sampler      sample.Sampler
	TraceTimeout time.Duration
	SendDelay    time.Duration

	Cache *Cache
}

func (i *InMemCollector) Start() error {
	i.Cache = NewCache()
	return nil
}

func (i *InMemCollector) AddSpan(sp *types.Span) {
	trace := i.Cache.Get(sp.TraceID)
	if trace == nil {
		ctx, cancel := context.WithCancel(context.Background())
		trace = &types.Trace{
			APIHost:       sp.APIHost,
			APIKey:        sp.APIKey,
			Dataset:       sp.Dataset,
			TraceID:       sp.TraceID,
			Spans:         []*types.Span{sp},
			StartTime:     time.Now(),
			CancelSending: cancel,
		}
		i.Cache.Set(trace)
		go i.timeoutThenSend(ctx, trace)
	} else {
		// the trace is already known: add the span to it
		trace.Spans = append(trace.Spans, sp)
	}

	// a straggler for a trace already sent follows the decision made then
	if trace.GetSent() {
		if trace.KeepSample {
			sp.SampleRate *= trace.SampleRate
			i.Transmission.EnqueueSpan(sp)
		}
		return
	}

	if isRootSpan(sp) {
		go i.pauseAndSend(trace)
	}
}

func isRootSpan(sp *types.Span) bool {
	if sp.Data["trace.parent_id"] != nil {
		return false
	}
	return sp.Data["parentId"] == nil
}

// timeoutThenSend sends the trace once the trace timeout has passed, unless
// it was sent first. It runs in its own goroutine.
func (i *InMemCollector) timeoutThenSend(ctx context.Context, trace *types.Trace) {
	timeout := time.NewTimer(i.TraceTimeout)
	defer timeout.Stop()
	select {
	case <-timeout.C:
		i.send(trace)
	case <-ctx.Done():
		return
	}
}

// pauseAndSend waits the send delay, to let late spans of the trace arrive,
// then sends. It runs in its own goroutine.
func (i *InMemCollector) pauseAndSend(trace *types.Trace) {
	if trace.GetSent() {
		return
	}
	time.Sleep(i.SendDelay)
	i.send(trace)
}

func (i *InMemCollector) send(trace *types.Trace) {
	trace.SendSampleLock.Lock()
	defer trace.SendSampleLock.Unlock()

	if trace.Sent {
		return
	}
	defer trace.CancelSending()

	rate, keep := i.Sampler.GetSampleRate(trace)
	trace.SampleRate = rate
	trace.KeepSample = keep
	trace.Sent = true

	if !keep {
		return
	}
	for _, sp := range trace.Spans {
		if sp.SampleRate < 1 {
			sp.SampleRate = 1
		}
		sp.SampleRate *= trace.SampleRate
		i.Transmission.EnqueueSpan(sp)
	}
}

func (i *InMemCollector) Stop() error {
	for _, trace := range i.Cache.GetAll() {
		if !trace.GetSent() {
			i.send(trace)
		}
	}
	i.Transmission.Flush()
	return nil
}
