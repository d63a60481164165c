package relayer

import (
	"log"
	"net/http"
	"sync"
	"time"
)

const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = pongWait / 2

	PingMessage = 9
)

// Conn is the part of the websocket connection the relay uses.
type Conn interface {
	ReadMessage() (messageType int, p []byte, err error)
	WriteControl(messageType int, data []byte, deadline time.Time) error
	SetReadDeadline(t time.Time) error
	Close() error
}

type Upgrader interface {
	Upgrade(w http.ResponseWriter, r *http.Request) (Conn, error)
}

type Server struct {
	upgrader  Upgrader
	clientsMu sync.Mutex
	clients   map[Conn]struct{}
	handle    func(conn Conn, message []byte)
}

func NewServer(upgrader Upgrader, handle func(Conn, []byte)) *Server {
	return &Server{upgrader: upgrader, clients: make(map[Conn]struct{}), handle: handle}
}

func (s *Server) HandleWebsocket(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r)
	if err != nil {
		log.Printf("failed to upgrade websocket: %v", err)
		return
	}
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	s.clients[conn] = struct{}{}
	ticker := time.NewTicker(pingPeriod)
	stop := make(chan struct{})

	// reader
	go func() {
		defer func() {
			ticker.Stop()
			stop <- struct{}{}
			close(stop)
			s.clientsMu.Lock()
			if _, ok := s.clients[conn]; ok {
				conn.Close()
				delete(s.clients, conn)
			}
			s.clientsMu.Unlock()
		}()

		conn.SetReadDeadline(time.Now().Add(pongWait))
		for {
			_, message, err := conn.ReadMessage()
			if err != nil {
				break
			}
			go s.handle(conn, message)
		}
	}()

	// writer
	go func() {
		defer func() {
			ticker.Stop()
			conn.Close()
			for range stop {
			}
		}()

		for {
			select {
			case <-ticker.C:
				err := conn.WriteControl(PingMessage, nil, time.Now().Add(writeWait))
				if err != nil {
					log.Printf("error writing ping: %v; closing websocket", err)
					return
				}
			case <-stop:
				return
			}
		}
	}()
}
