// Package api serves the inventory over HTTP.
package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/acme/inventory/store"
)

// Handler serves stock queries and restocks.
type Handler struct {
	Store *store.Store
}

// Stock answers GET /stock?sku=X.
func (h *Handler) Stock(w http.ResponseWriter, r *http.Request) {
	sku := r.URL.Query().Get("sku")
	n, err := h.Store.Get(sku)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	writeJSON(w, map[string]any{"sku": sku, "level": n})
}

// Restock answers POST /restock?skus=A,B&qty=N.
func (h *Handler) Restock(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	qty, err := strconv.Atoi(r.URL.Query().Get("qty"))
	if err != nil || qty <= 0 {
		http.Error(w, "qty must be a positive integer", http.StatusBadRequest)
		return
	}
	skus := strings.Split(r.URL.Query().Get("skus"), ",")
	h.Store.Restock(skus, qty)
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
