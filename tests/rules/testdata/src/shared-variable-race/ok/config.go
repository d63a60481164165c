package ok

import (
	"flag"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

var (
	verbose  bool
	requests int64
	greeting = "hello"
	lastMu   sync.Mutex
	lastUser string
)

// Serve parses flags before any request is served: set before, only read afterwards.
func Serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.BoolVar(&verbose, "v", false, "log requests")
	if err := fs.Parse(args); err != nil {
		return err
	}
	greeting = "hi"
	http.HandleFunc("/", handleHello)
	return http.ListenAndServe(":8080", nil)
}

// shape: handlers only read settings, count with sync/atomic, write shared state under a lock,
// and keep per-request state in locals
func handleHello(w http.ResponseWriter, r *http.Request) {
	atomic.AddInt64(&requests, 1)
	user := r.FormValue("user")
	msg := greeting
	if verbose {
		msg = msg + " (" + r.URL.Path + ")"
	}
	lastMu.Lock()
	lastUser = user
	lastMu.Unlock()
	fmt.Fprintf(w, "%s %s\n", msg, user)
}
