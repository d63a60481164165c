package tracer

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Tag names with a meaning of their own.
const (
	SpanName     = "span.name"
	ServiceName  = "service.name"
	ResourceName = "resource.name"
	SpanType     = "span.type"
	ErrorTag     = "error"
	ErrorMsg     = "error.msg"
)

// span is one timed operation. Callers must call Finish when it completes.
type span struct {
	sync.RWMutex

	Name     string             // operation name
	Service  string             // service name
	Resource string             // resource name, e.g. the route or the query
	Type     string             // protocol, e.g. "web", "db"
	Start    int64              // start time, in nanoseconds since the epoch
	Duration int64              // duration, in nanoseconds
	Meta     map[string]string  // string tags
	Metrics  map[string]float64 // numeric tags
	SpanID   uint64             // identifier of this span
	TraceID  uint64             // identifier of the root span
	ParentID uint64             // identifier of the parent span
	Error    int32              // error status; 0 means no error

	finished bool         // true once the span has been handed to the tracer
	context  *spanContext // propagation context
}

// SetTag adds a key/value tag to the span.
func (s *span) SetTag(key string, value interface{}) {
	s.Lock()
	defer s.Unlock()
	// spans are not locked while they are flushed; a finished span is
	// never modified again, which keeps the flush safe
	if s.finished {
		return
	}
	switch v := value.(type) {
	case error:
		s.Error = 1
		s.Meta[ErrorMsg] = v.Error()
	case string:
		s.setTagString(key, v)
	case float64:
		s.Metrics[key] = v
	case int:
		s.Metrics[key] = float64(v)
	default:
		s.Meta[key] = fmt.Sprint(value)
	}
}

// setTagString sets a string tag. The caller holds the lock.
func (s *span) setTagString(key, v string) {
	switch key {
	case SpanName:
		s.Name = v
	case ServiceName:
		s.Service = v
	case ResourceName:
		s.Resource = v
	case SpanType:
		s.Type = v
	default:
		s.Meta[key] = v
	}
}

// SetOperationName changes the operation name.
func (s *span) SetOperationName(name string) {
	s.Lock()
	defer s.Unlock()
	s.Name = name
}

// Finish ends the span and hands it to the tracer.
func (s *span) Finish() {
	s.finish(time.Now().UnixNano())
}

func (s *span) finish(finishTime int64) {
	s.Lock()
	defer s.Unlock()
	if s.finished {
		return
	}
	if s.Duration == 0 {
		s.Duration = finishTime - s.Start
	}
	s.finished = true
	s.context.finish()
}

// String returns a human readable form of the span, for debugging.
func (s *span) String() string {
	lines := []string{
		fmt.Sprintf("Name: %s", s.Name),
		fmt.Sprintf("Service: %s", s.Service),
		fmt.Sprintf("Resource: %s", s.Resource),
		fmt.Sprintf("TraceID: %d", s.TraceID),
		fmt.Sprintf("SpanID: %d", s.SpanID),
		fmt.Sprintf("ParentID: %d", s.ParentID),
		fmt.Sprintf("Start: %s", time.Unix(0, s.Start)),
		fmt.Sprintf("Duration: %s", time.Duration(s.Duration)),
		fmt.Sprintf("Error: %d", s.Error),
		fmt.Sprintf("Type: %s", s.Type),
		"Tags:",
	}
	s.RLock()
	for key, val := range s.Meta {
		lines = append(lines, fmt.Sprintf("\t%s:%s", key, val))
	}
	for key, val := range s.Metrics {
		lines = append(lines, fmt.Sprintf("\t%s:%f", key, val))
	}
	s.RUnlock()
	return strings.Join(lines, "\n")
}
