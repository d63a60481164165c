package serf

import "time"

// Node is a cluster member as the gossip layer sees it.
type Node struct {
	Name string
	Addr []byte
	Port uint16
}

// EventDelegate is told by the gossip layer about membership changes.
type EventDelegate interface {
	NotifyJoin(*Node)
}

// Delegate hands the gossip layer the messages to piggyback on gossip.
type Delegate interface {
	GetBroadcasts(overhead, limit int) [][]byte
}

// MemberlistConfig configures the gossip layer.
type MemberlistConfig struct {
	Name           string
	RetransmitMult int
	GossipInterval time.Duration
	Events         EventDelegate
	Delegate       Delegate
}

// Memberlist is a small stand-in for hashicorp/memberlist: one goroutine
// gossips on a timer, another handles packets from peers.
type Memberlist struct {
	config     *MemberlistConfig
	packetCh   chan *Node
	shutdownCh chan struct{}
}

// CreateMemberlist starts the gossip layer.
func CreateMemberlist(conf *MemberlistConfig) (*Memberlist, error) {
	m := &Memberlist{
		config:     conf,
		packetCh:   make(chan *Node, 64),
		shutdownCh: make(chan struct{}),
	}
	go m.gossipLoop()
	go m.packetHandler()
	return m, nil
}

// gossipLoop periodically sends queued broadcasts to random peers.
func (m *Memberlist) gossipLoop() {
	t := time.NewTicker(m.config.GossipInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			m.gossip()
		case <-m.shutdownCh:
			return
		}
	}
}

func (m *Memberlist) gossip() {
	msgs := m.config.Delegate.GetBroadcasts(2, 1400)
	_ = msgs
}

// packetHandler processes alive messages from peers.
func (m *Memberlist) packetHandler() {
	for {
		select {
		case n := <-m.packetCh:
			m.config.Events.NotifyJoin(n)
		case <-m.shutdownCh:
			return
		}
	}
}

// Shutdown stops the gossip layer.
func (m *Memberlist) Shutdown() error {
	close(m.shutdownCh)
	return nil
}
