package types

import (
	"context"
	"sync"
	"time"
)

// Event is a single event as it arrives from a client.
type Event struct {
	APIHost    string
	APIKey     string
	Dataset    string
	SampleRate uint
	Data       map[string]interface{}
}

// Span is an event that carries a trace ID and so belongs to a Trace.
type Span struct {
	Event
	TraceID string
}

// Trace is built up inside the proxy from the spans that share a trace ID.
type Trace struct {
	APIHost string
	APIKey  string
	Dataset string
	TraceID string

	// SendSampleLock guards the sampling decision: SampleRate, KeepSample
	// and Sent are only changed together, with the lock held.
	SendSampleLock sync.Mutex
	SampleRate     uint
	KeepSample     bool
	Sent           bool

	StartTime time.Time

	// CancelSending stops the timeout goroutine once the trace is sent.
	CancelSending context.CancelFunc

	// Spans is every span collected so far for this trace.
	Spans []*Span
}

// GetSent reports whether the trace has already been sent.
func (t *Trace) GetSent() bool {
	t.SendSampleLock.Lock()
	defer t.SendSampleLock.Unlock()
	return t.Sent
}
