package model

import (
	"encoding/json"
	"net/http"
)

// apiService serves the GUI; net/http runs each request on its own goroutine.
type apiService struct {
	model *Model
}

func (s *apiService) getSystemConnections(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s.model.ConnectionStats())
}

func (s *apiService) Serve(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/rest/system/connections", s.getSystemConnections)
	return http.ListenAndServe(addr, mux)
}
