package fixed

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

var (
	loginMu   sync.Mutex
	lastLogin time.Time
)

// shape: the handlers hold a package-level mutex around the shared variable
func handleLogin(w http.ResponseWriter, r *http.Request) {
	user := r.FormValue("user")
	loginMu.Lock()
	lastLogin = time.Now()
	loginMu.Unlock()
	fmt.Fprintf(w, "welcome %s\n", user)
}

func handleHealth(w http.ResponseWriter, r *http.Request) {
	loginMu.Lock()
	last := lastLogin
	loginMu.Unlock()
	fmt.Fprintf(w, "ok, last login %s\n", last.Format(time.RFC3339))
}
