package api

import (
	"net/http"

	"github.com/acme/inventory/store"
)

// NewMux wires the inventory HTTP API to s.
func NewMux(s *store.Store) *http.ServeMux {
	h := &Handler{Store: s}
	mux := http.NewServeMux()
	mux.HandleFunc("/stock", h.Stock)
	mux.HandleFunc("/restock", h.Restock)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	return mux
}
