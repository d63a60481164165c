package fixed

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

func query(ctx context.Context, q string) string { return q }

// shape: the backend call gets the request's context
func search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	res := make(chan string, 1)
	go func() {
		res <- query(r.Context(), q)
	}()
	select {
	case s := <-res:
		fmt.Fprint(w, s)
	case <-time.After(2 * time.Second):
		http.Error(w, "timeout", http.StatusGatewayTimeout)
	}
}
