package buggy

import (
	"net/http"
	"sync"
)

type Hub struct {
	mu     sync.Mutex
	topics map[string]chan string
}

// shape: lookup with comma-ok on the line before, then make(chan) stored on a miss
func (h *Hub) topic(name string) chan string {
	ch, ok := h.topics[name]
	if !ok {
		ch = make(chan string, 8)
		h.topics[name] = ch // want "map-lazy-init: ^Lazily creating a (mutex|channel)"
	}
	return ch
}

func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.topic(r.URL.Path) <- r.FormValue("msg")
}
