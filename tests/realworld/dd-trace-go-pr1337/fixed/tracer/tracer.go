// Package tracer is a reduced distributed-tracing client: spans are started
// and finished by the application and flushed by a background worker.
package tracer

import (
	"fmt"
	"io"
	"math/rand"
	"time"
)

// Span is what the application gets to work with.
type Span interface {
	SetTag(key string, value interface{})
	SetOperationName(name string)
	Finish()
	String() string
}

type tracer struct {
	out  chan []*span
	stop chan struct{}
	done chan struct{}
	w    io.Writer
}

func newTracer(w io.Writer) *tracer {
	t := &tracer{
		out:  make(chan []*span, 1000),
		stop: make(chan struct{}),
		done: make(chan struct{}),
		w:    w,
	}
	go t.worker()
	return t
}

var global *tracer

// Start starts the global tracer and its flush worker.
func Start(w io.Writer) {
	global = newTracer(w)
}

// Stop stops the flush worker.
func Stop() {
	close(global.stop)
	<-global.done
}

// StartSpan starts a root span, or a child of parent when it is not nil.
func StartSpan(operation string, parent Span) Span {
	id := rand.Uint64()
	sp := &span{
		Name:    operation,
		Start:   time.Now().UnixNano(),
		Meta:    make(map[string]string),
		Metrics: make(map[string]float64),
		SpanID:  id,
		TraceID: id,
	}
	if p, ok := parent.(*span); ok && p != nil {
		sp.TraceID = p.context.traceID
		sp.ParentID = p.context.spanID
		sp.context = &spanContext{traceID: p.context.traceID, spanID: id, trace: p.context.trace}
	} else {
		sp.context = &spanContext{traceID: id, spanID: id, trace: &trace{tracer: global}}
	}
	sp.context.trace.push(sp)
	return sp
}

func (t *tracer) pushTrace(spans []*span) {
	select {
	case t.out <- spans:
	default:
		// the flush buffer is full: drop the trace
	}
}

// worker flushes finished traces.
func (t *tracer) worker() {
	defer close(t.done)
	for {
		select {
		case spans := <-t.out:
			fmt.Fprintf(t.w, "trace %d: %d spans\n", spans[0].TraceID, len(spans))
		case <-t.stop:
			return
		}
	}
}
