package peerset

// Bundle stands in for a message received from a peer.
type Bundle struct {
	From   PeerID
	Height uint32
	Size   int64
}

// Synchronizer updates the peer set as bundles arrive from the network.
type Synchronizer struct {
	peerSet  *PeerSet
	incoming chan Bundle
	done     chan struct{}
}

func NewSynchronizer(ps *PeerSet) *Synchronizer {
	return &Synchronizer{peerSet: ps, incoming: make(chan Bundle), done: make(chan struct{})}
}

func (s *Synchronizer) Start() {
	go s.receiveLoop()
}

func (s *Synchronizer) Stop() {
	close(s.done)
}

func (s *Synchronizer) receiveLoop() {
	for {
		select {
		case <-s.done:
			return
		case b := <-s.incoming:
			s.peerSet.UpdateLastReceived(b.From)
			s.peerSet.IncreaseReceivedBytesCounter(b.From, b.Size)
			s.peerSet.UpdateHeight(b.From, b.Height)
		}
	}
}
