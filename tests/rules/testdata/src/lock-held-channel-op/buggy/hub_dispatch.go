package buggy

func (h *Hub) dispatch() {
	for {
		h.mu.Lock()
		ev := <-h.events
		h.delivered = append(h.delivered, ev)
		h.mu.Unlock()
	}
}
