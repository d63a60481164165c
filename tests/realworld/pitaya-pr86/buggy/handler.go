package pitaya

import (
	"net"
	"time"
)

// HandlerService reads the client's packets for one connection.
type HandlerService struct {
	heartbeat  time.Duration
	bufferSize int
	dispatch   func(*Session, []byte)
}

// Handle runs for each accepted connection (the server starts it with go).
func (h *HandlerService) Handle(conn net.Conn) {
	a := NewAgent(conn, h.heartbeat, h.bufferSize)
	go a.Handle()

	// the read loop ends when the client goes away: close the session
	defer a.Session.Close()

	buf := make([]byte, 2048)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		a.SetLastAt()
		if h.dispatch != nil {
			h.dispatch(a.Session, buf[:n])
		}
	}
}
