package quic

import (
	"crypto/rand"
	"net"
)

const connectionIDLen = 8

type client struct {
	conn      net.PacketConn
	srcConnID connectionID
	session   *session
}

type session struct {
	received chan []byte
}

func (s *session) handlePacket(_ net.Addr, data []byte) {
	select {
	case s.received <- data:
	default:
	}
}

func (s *session) closeSession(error) {}

// Dial starts a client connection on pconn. Applications dial from many
// goroutines at once, and all of them share the process-wide multiplexer.
func Dial(pconn net.PacketConn) (*client, error) {
	if _, err := getClientMultiplexer().AddConn(pconn, connectionIDLen); err != nil {
		return nil, err
	}
	srcConnID := make(connectionID, connectionIDLen)
	if _, err := rand.Read(srcConnID); err != nil {
		return nil, err
	}
	c := &client{
		conn:      pconn,
		srcConnID: srcConnID,
		session:   &session{received: make(chan []byte, 32)},
	}
	if err := getClientMultiplexer().AddHandler(pconn, c.srcConnID, c.session); err != nil {
		return nil, err
	}
	return c, nil
}
