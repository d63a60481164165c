package buggy

import (
	"net/http"
	"strings"
)

type Server struct {
	audit chan string
}

// shape: a method handler hands a value to an unbuffered queue from a goroutine
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() { // want "handler-goroutine-no-context: without the request's context"
		s.audit <- path
	}()
	w.WriteHeader(http.StatusOK)
}

// shape: fire-and-forget network call with no deadline
func signup(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("user")
	go func() { // want "handler-goroutine-no-context: without the request's context"
		resp, err := http.Post("http://mailer/welcome", "text/plain", strings.NewReader(user))
		if err == nil {
			resp.Body.Close()
		}
	}()
	w.WriteHeader(http.StatusCreated)
}
