package ok

import (
	"encoding/json"
	"net/http"
	"strings"
)

// search is long enough that its body spans the bytes where normalizeAttrs sits in its own file:
// what decides whether the helper's map is shared is the code, not where its bytes fall.
func search(w http.ResponseWriter, r *http.Request) {
	query := strings.TrimSpace(r.URL.Query().Get("q"))
	if query == "" {
		http.Error(w, "empty query", http.StatusBadRequest)
		return
	}
	var filter map[string]interface{}
	if r.Method == http.MethodPost {
		var err error
		filter, err = decodeAttrs(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	results := []string{}
	for _, word := range strings.Fields(query) {
		if owner, ok := filter["owner"].(string); ok && owner != word {
			continue
		}
		results = append(results, word)
	}
	if err := json.NewEncoder(w).Encode(results); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func registerSearch(mux *http.ServeMux) {
	mux.HandleFunc("/search", search)
}
