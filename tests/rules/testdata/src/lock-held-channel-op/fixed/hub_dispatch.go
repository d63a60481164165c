package fixed

func (h *Hub) dispatch() {
	for ev := range h.events {
		h.mu.Lock()
		h.delivered = append(h.delivered, ev)
		h.mu.Unlock()
	}
}
