package ok

import (
	"context"
	"net/http"
	"sync"
)

var seen sync.Map

func work(ctx context.Context, id string) error { return ctx.Err() }

// shape: the goroutine selects on r.Context().Done()
func notify(w http.ResponseWriter, r *http.Request) {
	events := make(chan string)
	go func() {
		select {
		case events <- r.URL.Path:
		case <-r.Context().Done():
		}
	}()
	w.WriteHeader(http.StatusOK)
}

// shape: a context derived from the request is passed along
func process(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	id := r.FormValue("id")
	errc := make(chan error, 1)
	go func() {
		errc <- work(ctx, id)
	}()
	if err := <-errc; err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// shape: the goroutine does no blocking work
func remember(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	go func() {
		seen.Store(id, true)
	}()
	w.WriteHeader(http.StatusAccepted)
}
