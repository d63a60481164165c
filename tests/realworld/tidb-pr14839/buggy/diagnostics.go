package executor

import (
	"context"
	"sync"
)

// LogMessage is one log line returned by a remote node.
type LogMessage struct {
	Time    int64
	Level   string
	Message string
}

// searchLogRequest selects the log lines to return.
type searchLogRequest struct {
	StartTime int64
	EndTime   int64
	Levels    []string
	Patterns  []string
}

// searchLogResponse is one batch of a log search stream.
type searchLogResponse struct {
	Messages []*LogMessage
}

// logSearchStream is the server stream of a SearchLog call.
type logSearchStream interface {
	Recv() (*searchLogResponse, error)
}

// diagnosticsConn is a connection to the diagnostics service of a node.
type diagnosticsConn interface {
	SearchLog(ctx context.Context, req *searchLogRequest) (logSearchStream, error)
	Close() error
}

// dialFunc opens a diagnostics connection to a node.
type dialFunc func(address string) (diagnosticsConn, error)

// serverInfo describes one node of the cluster.
type serverInfo struct {
	ServerType string
	Address    string
	StatusAddr string
}

// sessionContext collects the warnings of the running statement.
type sessionContext struct {
	mu       sync.Mutex
	warnings []error
}

// AppendWarning records a warning for the statement.
func (s *sessionContext) AppendWarning(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.warnings = append(s.warnings, err)
}
