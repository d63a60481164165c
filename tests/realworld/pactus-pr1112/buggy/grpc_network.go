package peerset

// PeerInfo is what the gRPC network service returns for one peer.
type PeerInfo struct {
	PeerID  string
	Moniker string
	Height  uint32
}

// networkServer answers GetNetworkInfo; the gRPC server runs each call on
// its own goroutine, concurrently with the synchronizer.
type networkServer struct {
	peerSet *PeerSet
}

func (s *networkServer) GetNetworkInfo() []PeerInfo {
	infos := make([]PeerInfo, 0)
	s.peerSet.IteratePeers(func(p *Peer) bool {
		infos = append(infos, PeerInfo{PeerID: string(p.PeerID), Moniker: p.Moniker, Height: p.Height})
		return false
	})
	return infos
}

// Serve stands in for the gRPC server: every request is handled on a new goroutine.
func (s *networkServer) Serve(requests <-chan chan []PeerInfo) {
	for reply := range requests {
		go func(reply chan []PeerInfo) {
			reply <- s.GetNetworkInfo()
		}(reply)
	}
}
