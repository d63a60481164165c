package buggy

import "sync"

type Event struct {
	Seq  int
	Name string
}

// Hub numbers events and hands them to one dispatcher goroutine.
type Hub struct {
	mu        sync.Mutex
	seq       int
	events    chan Event
	delivered []Event
}

func NewHub() *Hub {
	h := &Hub{events: make(chan Event)}
	go h.dispatch()
	return h
}

// shape: a select with one blocking case and no default, under the lock
func (h *Hub) Publish(name string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	select { // want "lock-held-channel-op: is never released"
	case h.events <- Event{Seq: h.seq, Name: name}:
	}
	return h.seq
}

// Delivered returns the events the dispatcher has handled.
func (h *Hub) Delivered() []Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Event(nil), h.delivered...)
}

// Close ends the dispatcher once every Publish has returned.
func (h *Hub) Close() { close(h.events) }
