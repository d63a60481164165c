package ok

import (
	"context"
	"net/http"
	"time"
)

// shape: each query goroutine gets a fresh context so that one failing query does not cancel
// its siblings, bounded by the caller's deadline
func QueryAll(ctx context.Context, urls []string, results chan<- int) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(5 * time.Second)
	}
	for _, u := range urls {
		go func(u string) {
			qctx := context.Background()
			qctx, cancel := context.WithDeadline(qctx, deadline)
			defer cancel()
			req, err := http.NewRequestWithContext(qctx, http.MethodGet, u, nil)
			if err != nil {
				return
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return
			}
			resp.Body.Close()
			results <- resp.StatusCode
		}(u)
	}
}
