package tracer

import "sync"

// spanContext ties a span to the trace it belongs to.
type spanContext struct {
	traceID uint64
	spanID  uint64
	trace   *trace
}

// trace collects the spans of one trace in this process until they have
// all finished, then hands them to the tracer in one piece.
type trace struct {
	mu       sync.Mutex
	spans    []*span
	finished int
	tracer   *tracer
}

func (t *trace) push(sp *span) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.spans = append(t.spans, sp)
}

// finishedOne is called by a span's finish, with that span locked.
func (t *trace) finishedOne() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.finished++
	if t.finished < len(t.spans) {
		return
	}
	t.tracer.pushTrace(t.spans)
	t.spans = nil
	t.finished = 0
}

func (c *spanContext) finish() {
	c.trace.finishedOne()
}
