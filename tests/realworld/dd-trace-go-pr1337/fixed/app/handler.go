// Package app is a service instrumented with the tracer: each request gets
// a span, and the audit it triggers runs on a goroutine of its own and logs
// the span it belongs to.
package app

import (
	"log"
	"net/http"

	"example.com/dd-trace-go-pr1337/tracer"
)

type Server struct {
	audits chan tracer.Span
	stop   chan struct{}
}

func NewServer() *Server {
	s := &Server{
		audits: make(chan tracer.Span, 100),
		stop:   make(chan struct{}),
	}
	go s.auditor()
	return s
}

// Close stops the auditor.
func (s *Server) Close() {
	close(s.stop)
}

// auditor logs the span of every audited request; the request's handler
// may finish that span at the same moment.
func (s *Server) auditor() {
	for {
		select {
		case sp := <-s.audits:
			log.Printf("audit of request:\n%s", sp)
		case <-s.stop:
			return
		}
	}
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sp := tracer.StartSpan("http.request", nil)
	defer sp.Finish()
	sp.SetTag(tracer.ResourceName, r.Method+" "+r.URL.Path)

	select {
	case s.audits <- sp:
	default:
	}
	w.WriteHeader(http.StatusNoContent)
	sp.SetTag("http.status_code", http.StatusNoContent)
}
