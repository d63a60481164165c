package fixed

import (
	"net/http"
	"strings"
)

type Server struct {
	audit chan string
}

// shape: the send gives up when the request is done
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	ctx := r.Context()
	go func() {
		select {
		case s.audit <- path:
		case <-ctx.Done():
		}
	}()
	w.WriteHeader(http.StatusOK)
}

// shape: the network call is bound to the request's context
func signup(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("user")
	go func() {
		req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, "http://mailer/welcome", strings.NewReader(user))
		if err != nil {
			return
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
	}()
	w.WriteHeader(http.StatusCreated)
}
