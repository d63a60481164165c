package buggy

// shape: pub/sub broker drops a subscriber's channel without closing it: the subscriber's
// `for ev := range ch` never ends
func (b *Broker) Unsubscribe(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, id) // want "map-delete-without-close: without closing"
}
