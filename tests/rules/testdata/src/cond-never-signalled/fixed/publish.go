package fixed

// Publish queues an event for the consumer.
func (b *Broker) Publish(ev Event) {
	b.mu.Lock()
	b.pending = append(b.pending, ev)
	b.mu.Unlock()
	b.arrived.Signal()
}
