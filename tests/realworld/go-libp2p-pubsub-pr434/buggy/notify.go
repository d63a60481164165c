package pubsub

// Notifiee receives connection events from the host's network.
type Notifiee PubSub

// Connected is called by the network when a connection to pid opens.
func (n *Notifiee) Connected(pid ID) {
	p := (*PubSub)(n)
	go func() {
		select {
		case p.newPeers <- pid:
		case <-p.ctx.Done():
		}
	}()
}
