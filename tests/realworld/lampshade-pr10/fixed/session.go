package lampshade

import (
	"errors"
	"io"
	"net"
	"sync"
)

type stream struct {
	id   uint16
	sess *session
}

type session struct {
	net.Conn
	mx       sync.Mutex
	streams  map[uint16]*stream
	nextID   uint16
	closed   bool
	out      io.Writer
}

var errSessionClosed = errors.New("session closed")

func newSession(c net.Conn) *session {
	s := &session{Conn: c, streams: make(map[uint16]*stream), out: c}
	go s.readLoop()
	return s
}

func (s *session) readLoop() {
	buf := make([]byte, 8192)
	for {
		if _, err := s.Read(buf); err != nil {
			s.mx.Lock()
			s.closed = true
			s.mx.Unlock()
			return
		}
	}
}

func (s *session) DialStream() (*stream, error) {
	s.mx.Lock()
	if s.closed {
		s.mx.Unlock()
		return nil, errSessionClosed
	}
	id := s.nextID
	s.nextID++
	str := &stream{id: id, sess: s}
	s.streams[id] = str
	_, err := s.out.Write([]byte{byte(id >> 8), byte(id)})
	s.mx.Unlock()
	if err != nil {
		return nil, err
	}
	return str, nil
}
