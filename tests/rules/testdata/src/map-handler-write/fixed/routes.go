package fixed

import (
	"net/http"
	"sync"
)

func Routes(s *Server) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/hit", hit)
	mux.HandleFunc("/kv", s.handleSet)
	mux.Handle("/seen", &seenHandler{seen: map[string]bool{}})

	var votesMu sync.Mutex
	votes := map[string]int{}
	// shape: the closure locks a mutex declared next to the captured map
	mux.HandleFunc("/vote", func(w http.ResponseWriter, r *http.Request) {
		votesMu.Lock()
		votes[r.FormValue("choice")]++
		votesMu.Unlock()
	})
	return mux
}
