package pubsub

import "sync"

type subscriber struct {
	matcher  func(string) bool
	callback Handler
}

type SimpleHub struct {
	mu          sync.Mutex
	subscribers []*subscriber
}

func (h *SimpleHub) NewMultiplexer() *multiplexer {
	m := &multiplexer{hub: h}
	h.mu.Lock()
	h.subscribers = append(h.subscribers, &subscriber{matcher: m.match, callback: m.callback})
	h.mu.Unlock()
	return m
}

// Publish delivers synchronously, on the caller's goroutine.
func (h *SimpleHub) Publish(topic string, data map[string]interface{}) {
	h.mu.Lock()
	subs := append([]*subscriber(nil), h.subscribers...)
	h.mu.Unlock()
	for _, s := range subs {
		if s.matcher(topic) {
			s.callback(topic, data)
		}
	}
}
