package fixed

import (
	"net/http"
	"sync"
)

type Hub struct {
	mu     sync.Mutex
	topics map[string]chan string
}

// shape: comma-ok lookup and make(chan) under the hub's mutex
func (h *Hub) topic(name string) chan string {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch, ok := h.topics[name]
	if !ok {
		ch = make(chan string, 8)
		h.topics[name] = ch
	}
	return ch
}

func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.topic(r.URL.Path) <- r.FormValue("msg")
}
