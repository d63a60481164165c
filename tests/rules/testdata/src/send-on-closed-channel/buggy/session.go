package buggy

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

// shape: the writer's deferred clean-up closes the queue when a write fails, while the keepalive goroutine may be about to queue a ping on it
func (s *Session) keepalive() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.outbox <- []byte("ping") // want "send-on-closed-channel: `s.outbox <- .*ping.*` runs in the goroutine started at line 17, while `Session.writer` closes the same channel"
		case <-s.done:
			return
		}
	}
}

func (s *Session) writer() {
	defer func() {
		close(s.outbox)
		s.conn.Close()
	}()
	for b := range s.outbox {
		if _, err := s.conn.Write(b); err != nil {
			return
		}
	}
}
