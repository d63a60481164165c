package serf

// delegate is the memberlist.Delegate of a Serf instance.
type delegate struct {
	serf *Serf
}

func (d *delegate) GetBroadcasts(overhead, limit int) [][]byte {
	msgs := d.serf.broadcasts.GetBroadcasts(overhead, limit)
	msgs = append(msgs, d.serf.eventBroadcasts.GetBroadcasts(overhead, limit)...)
	msgs = append(msgs, d.serf.queryBroadcasts.GetBroadcasts(overhead, limit)...)
	return msgs
}

// eventDelegate is the memberlist.EventDelegate of a Serf instance.
type eventDelegate struct {
	serf *Serf
}

func (e *eventDelegate) NotifyJoin(n *Node) {
	e.serf.handleNodeJoin(n)
}
