package fixed

import (
	"net"
	"time"
)

// Session writes what its goroutines queue to a connection.
type Session struct {
	conn   net.Conn
	outbox chan []byte
	done   chan struct{}
}

func (s *Session) Serve() {
	go s.writer()
	go s.keepalive()
	<-s.done
}

func (s *Session) keepalive() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			select {
			case s.outbox <- []byte("ping"):
			case <-s.done:
				return
			}
		case <-s.done:
			return
		}
	}
}

func (s *Session) writer() {
	defer s.conn.Close()
	for {
		select {
		case b := <-s.outbox:
			if _, err := s.conn.Write(b); err != nil {
				return
			}
		case <-s.done:
			return
		}
	}
}
