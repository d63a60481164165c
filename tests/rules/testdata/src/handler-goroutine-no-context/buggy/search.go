package buggy

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

func query(ctx context.Context, q string) string { return q }

// shape: the handler waits for a backend call made with context.Background
func search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	res := make(chan string, 1)
	go func() { // want "handler-goroutine-no-context: without the request's context"
		res <- query(context.Background(), q)
	}()
	select {
	case s := <-res:
		fmt.Fprint(w, s)
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}
