package yamux

import (
	"bytes"
	"io"
	"sync"
)

type streamState int

const (
	streamEstablished streamState = iota
	streamRemoteClose
	streamClosed
)

type Stream struct {
	state     streamState
	stateLock sync.Mutex

	recvBuf  *bytes.Buffer
	recvLock sync.Mutex

	recvWindow uint32
	session    *Session
	recvNotifyCh chan struct{}
}

type Session struct{ out chan []byte }

func (s *Stream) Read(b []byte) (n int, err error) {
START:
	s.stateLock.Lock()
	switch s.state {
	case streamRemoteClose, streamClosed:
		s.recvLock.Lock()
		if s.recvBuf == nil || s.recvBuf.Len() == 0 {
			s.recvLock.Unlock()
			s.stateLock.Unlock()
			return 0, io.EOF
		}
		s.recvLock.Unlock()
	}
	s.stateLock.Unlock()

	s.recvLock.Lock()
	if s.recvBuf == nil || s.recvBuf.Len() == 0 {
		s.recvLock.Unlock()
		<-s.recvNotifyCh
		goto START
	}
	n, _ = s.recvBuf.Read(b)
	s.recvLock.Unlock()

	err = s.sendWindowUpdate()
	return n, err
}

func (s *Stream) sendWindowUpdate() error {
	// Take the flags before recvLock: stateLock is always taken first.
	flags := s.sendFlags()
	s.recvLock.Lock()
	defer s.recvLock.Unlock()
	delta := uint32(256*1024) - uint32(s.recvBuf.Len())
	if delta < 128*1024 {
		return nil
	}
	s.recvWindow += delta
	s.session.out <- []byte{byte(flags), byte(delta)}
	return nil
}

func (s *Stream) sendFlags() uint16 {
	s.stateLock.Lock()
	defer s.stateLock.Unlock()
	if s.state == streamRemoteClose {
		return 1
	}
	return 0
}
