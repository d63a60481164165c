package buggy

import (
	"fmt"
	"net/http"
	"time"
)

var lastLogin time.Time

// shape: a handler function (registered in routes.go) assigns a package-level variable
func handleLogin(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("user")
	lastLogin = time.Now() // want "shared-variable-race: race"
	fmt.Fprintf(w, "welcome %s\n", user)
}

func handleHealth(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "ok, last login %s\n", lastLogin.Format(time.RFC3339))
}
