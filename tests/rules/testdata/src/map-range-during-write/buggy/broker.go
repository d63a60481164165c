package buggy

import (
	"net/http"
	"sync"
)

type Broker struct {
	mu   sync.Mutex
	subs map[string]chan string
}

// ServeHTTP subscribes each request's client: handlers run concurrently.
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string, 16)
	b.mu.Lock()
	b.subs[r.RemoteAddr] = ch
	b.mu.Unlock()
	for msg := range ch {
		_, _ = w.Write([]byte(msg))
	}
}

// shape: pub/sub broker publishes by ranging map[string]chan T with no lock while
// handlers subscribe
func (b *Broker) Publish(msg string) {
	for _, ch := range b.subs { // want "map-range-during-write: fatal error: concurrent map iteration and map write"
		select {
		case ch <- msg:
		default:
		}
	}
}
