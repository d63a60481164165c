package tollbooth

import (
	"net/http"
	"sync/atomic"
)

// rejected counts requests turned away, by status code, as the program in
// the issue does for its metrics.
var rejected [600]atomic.Int64

// NewCountingServer wraps h in a limiter whose rejection callback reads the
// limiter's status code; every request is served on its own goroutine.
func NewCountingServer(addr string, h http.Handler) *http.Server {
	lmt := NewLimiter(1)
	lmt.SetOnLimitReached(func(w http.ResponseWriter, r *http.Request) {
		rejected[lmt.GetStatusCode()].Add(1)
	})
	return &http.Server{Addr: addr, Handler: LimitHandler(lmt, h)}
}
