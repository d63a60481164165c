package peer

import (
	"log"
	"net"
	"sync"
)

// Server accepts inbound peers and keeps track of the connected ones.
type Server struct {
	cfg Config

	mu    sync.Mutex
	peers map[*Peer]struct{}
}

func NewServer(cfg Config) *Server {
	return &Server{cfg: cfg, peers: make(map[*Peer]struct{})}
}

// Serve accepts connections until the listener fails; every connection
// becomes an inbound peer whose handshake runs in the background.
func (s *Server) Serve(l net.Listener) error {
	for {
		conn, err := l.Accept()
		if err != nil {
			return err
		}
		s.inboundPeerConnected(conn)
	}
}

func (s *Server) inboundPeerConnected(conn net.Conn) {
	p := NewInboundPeer(&s.cfg)
	p.AssociateConnection(conn)

	s.mu.Lock()
	s.peers[p] = struct{}{}
	s.mu.Unlock()

	go s.peerDoneHandler(p)
}

// peerDoneHandler forgets a peer once it has disconnected.
func (s *Server) peerDoneHandler(p *Peer) {
	p.WaitForDisconnect()

	s.mu.Lock()
	delete(s.peers, p)
	s.mu.Unlock()
	log.Printf("peer %s done", p)
}
