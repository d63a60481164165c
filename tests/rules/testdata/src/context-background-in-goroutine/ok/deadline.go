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

type imageRef interface {
	Release(ctx context.Context) error
}

// shape: the pruning request gave up on the reference; releasing it must finish whatever
// happens to that request
func Prune(ctx context.Context, refs []imageRef, keep func(imageRef) bool) {
	for _, ref := range refs {
		if ctx.Err() != nil {
			return
		}
		if !keep(ref) {
			go ref.Release(context.TODO())
		}
	}
}
