package events

const (
	BlockReceived   = "block.received"
	PeerUpdated     = "peer.updated"
	ChannelPending  = "channel.pending"
	ChannelActive   = "channel.active"
	ChannelInactive = "channel.inactive"
)

// Event is one change the pubsub reports to the UI.
type Event struct {
	Type string
	Data interface{}
}

func New(kind string) *Event {
	return &Event{Type: kind}
}
