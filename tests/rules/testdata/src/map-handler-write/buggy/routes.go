package buggy

import "net/http"

// Routes wires the handlers implemented in handlers.go.
func Routes(s *Server) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/hit", hit)
	mux.HandleFunc("/kv", s.handleSet)
	mux.Handle("/seen", &seenHandler{seen: map[string]bool{}})

	votes := map[string]int{}
	// shape: closure given to HandleFunc increments a captured map
	mux.HandleFunc("/vote", func(w http.ResponseWriter, r *http.Request) {
		votes[r.FormValue("choice")]++ // want "map-handler-write: net/http runs each request on its own goroutine.*fatal error: concurrent map"
	})
	return mux
}
