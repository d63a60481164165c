package buggy

import (
	"net/http"
	"sync/atomic"
)

type hitCounter struct{ hits int64 }

func (c *hitCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	atomic.AddInt64(&c.hits, 1)
}

// Zero is called by the admin endpoint while requests keep counting.
func (c *hitCounter) Zero() {
	c.hits = 0 // want "atomic-mixed-access: plainly .* atomics only help when every access is atomic"
}

func serveCounters(c *hitCounter) {
	http.Handle("/", c)
	http.HandleFunc("/zero", func(w http.ResponseWriter, r *http.Request) { c.Zero() })
	go http.ListenAndServe(":8080", nil)
}
