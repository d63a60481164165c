package types

import (
	"context"
	"errors"
	"sync"
	"time"
)

// TraceAlreadySent is returned by AddSpan for a trace whose sampling
// decision has been made and whose spans have gone out.
var TraceAlreadySent = errors.New("can't add span; trace has already been sent")

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

	// spanListLock guards spans against the collector adding to the list
	// while the sender or the sampler walks it.
	spanListLock sync.Mutex
	spans        []*Span
}

// GetSent reports whether the trace has already been sent.
func (t *Trace) GetSent() bool {
	t.SendSampleLock.Lock()
	defer t.SendSampleLock.Unlock()
	return t.Sent
}

// AddSpan adds a span to the trace, unless the trace has been sent already.
func (t *Trace) AddSpan(sp *Span) error {
	t.SendSampleLock.Lock()
	defer t.SendSampleLock.Unlock()
	if t.Sent {
		return TraceAlreadySent
	}
	t.spanListLock.Lock()
	defer t.spanListLock.Unlock()
	t.spans = append(t.spans, sp)
	return nil
}

// GetSpans returns the spans collected so far. The list is only ever
// appended to, so the slice as it stands now is safe to read.
func (t *Trace) GetSpans() []*Span {
	t.spanListLock.Lock()
	defer t.spanListLock.Unlock()
	return t.spans[:]
}
