package ok

import (
	"sync"
	"time"
)

// Hub fans messages out to subscribers.
type Hub struct {
	mu    sync.Mutex
	subs  map[string]chan string
	in    chan string
	ready chan struct{}
	log   []string
}

// shape: everything the goroutine uses is made before the go statement
func NewHub() *Hub {
	h := &Hub{subs: map[string]chan string{}}
	h.in = make(chan string)
	go h.run()
	return h
}

func (h *Hub) run() {
	for m := range h.in {
		h.mu.Lock()
		for _, c := range h.subs {
			c <- m
		}
		h.mu.Unlock()
	}
}

// shape: the goroutine waits for a ready signal sent after the initialisation
func NewLoggingHub() *Hub {
	h := &Hub{ready: make(chan struct{})}
	go h.record()
	h.log = make([]string, 0, 16)
	h.in = make(chan string)
	close(h.ready)
	return h
}

func (h *Hub) record() {
	<-h.ready
	for m := range h.in {
		h.log = append(h.log, m)
	}
}

// shape: the goroutine checks for nil before using the value, and the field is set elsewhere too
func (h *Hub) StartJanitor(every time.Duration) {
	go h.janitor(every)
	h.subs = make(map[string]chan string)
}

func (h *Hub) janitor(every time.Duration) {
	for {
		time.Sleep(every)
		h.mu.Lock()
		if h.subs != nil {
			clear(h.subs)
		}
		h.mu.Unlock()
	}
}

// Reset drops every subscriber.
func (h *Hub) Reset() {
	h.mu.Lock()
	h.subs = map[string]chan string{}
	h.mu.Unlock()
}
