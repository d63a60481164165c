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
	return mux
}
