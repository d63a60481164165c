package ok

import (
	"net/http"
	"sync"
)

type lastResponse struct {
	mu   sync.Mutex
	resp *http.Response
}

// last hands out the response the type keeps and closes itself, not a fresh one.
func (l *lastResponse) last() (*http.Response, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.resp, nil
}

// shape: a helper returning a response its owner keeps (and closes)
func (l *lastResponse) Status() (int, error) {
	resp, err := l.last()
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
