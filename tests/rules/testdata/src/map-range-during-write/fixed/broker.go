package fixed

import (
	"net/http"
	"sync"
)

type Broker struct {
	mu   sync.RWMutex
	subs map[string]chan string
}

func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ch := make(chan string, 16)
	b.mu.Lock()
	b.subs[r.RemoteAddr] = ch
	b.mu.Unlock()
	for msg := range ch {
		_, _ = w.Write([]byte(msg))
	}
}

// shape: publishing takes the read lock: many publishers, no subscriber meanwhile
func (b *Broker) Publish(msg string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for _, ch := range b.subs {
		select {
		case ch <- msg:
		default:
		}
	}
}
