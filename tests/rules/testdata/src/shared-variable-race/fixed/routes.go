package fixed

import "net/http"

// Register wires the public endpoints; the handlers live in handlers.go.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("/login", handleLogin)
	mux.HandleFunc("/health", handleHealth)
}
