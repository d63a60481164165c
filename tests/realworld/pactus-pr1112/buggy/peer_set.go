package peerset

import (
	"sync"
	"time"
)

// PeerID stands in for libp2p's peer.ID.
type PeerID string

type Peer struct {
	PeerID       PeerID
	Moniker      string
	Height       uint32
	LastReceived time.Time
	Status       int
}

type PeerSet struct {
	lk sync.RWMutex

	peers              map[PeerID]*Peer
	totalReceivedBytes int64
}

func NewPeerSet() *PeerSet {
	return &PeerSet{peers: make(map[PeerID]*Peer)}
}

func (ps *PeerSet) Len() int {
	ps.lk.RLock()
	defer ps.lk.RUnlock()

	return len(ps.peers)
}

func (ps *PeerSet) RemovePeer(pid PeerID) {
	ps.lk.Lock()
	defer ps.lk.Unlock()

	delete(ps.peers, pid)
}

func (ps *PeerSet) getPeer(pid PeerID) *Peer {
	return ps.peers[pid]
}

// mustGetPeer adds the peer on first sight; callers hold ps.lk.
func (ps *PeerSet) mustGetPeer(pid PeerID) *Peer {
	p := ps.getPeer(pid)
	if p == nil {
		p = &Peer{PeerID: pid}
		ps.peers[pid] = p
	}
	return p
}

func (ps *PeerSet) UpdateHeight(pid PeerID, height uint32) {
	ps.lk.Lock()
	defer ps.lk.Unlock()

	p := ps.mustGetPeer(pid)
	p.Height = height
}

func (ps *PeerSet) UpdateLastReceived(pid PeerID) {
	ps.lk.Lock()
	defer ps.lk.Unlock()

	p := ps.mustGetPeer(pid)
	p.LastReceived = time.Now()
}

func (ps *PeerSet) IncreaseReceivedBytesCounter(pid PeerID, c int64) {
	ps.lk.Lock()
	defer ps.lk.Unlock()

	ps.mustGetPeer(pid)
	ps.totalReceivedBytes += c
}

// IteratePeers calls consumer for each known peer until it returns true.
func (ps *PeerSet) IteratePeers(consumer func(p *Peer) (stop bool)) {
	for _, p := range ps.peers {
		if consumer(p) {
			return
		}
	}
}
