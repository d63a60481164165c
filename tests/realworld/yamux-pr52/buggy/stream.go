package yamux

import (
	"errors"
	"sync"
	"time"
)

var ErrTimeout = errors.New("i/o deadline reached")

type Stream struct {
	recvLock      sync.Mutex
	recvBuf       []byte
	recvNotifyCh  chan struct{}
	readDeadline  time.Time
	writeDeadline time.Time
}

func newStream() *Stream {
	return &Stream{recvNotifyCh: make(chan struct{}, 1)}
}

func (s *Stream) Read(b []byte) (int, error) {
	for {
		s.recvLock.Lock()
		if len(s.recvBuf) > 0 {
			n := copy(b, s.recvBuf)
			s.recvBuf = s.recvBuf[n:]
			s.recvLock.Unlock()
			return n, nil
		}
		s.recvLock.Unlock()

		var timeout <-chan time.Time
		var timer *time.Timer
		if !s.readDeadline.IsZero() {
			delay := time.Until(s.readDeadline)
			timer = time.NewTimer(delay)
			timeout = timer.C
		}
		select {
		case <-s.recvNotifyCh:
			if timer != nil {
				timer.Stop()
			}
		case <-timeout:
			return 0, ErrTimeout
		}
	}
}

func (s *Stream) SetReadDeadline(t time.Time) error {
	s.readDeadline = t
	return nil
}

func (s *Stream) SetWriteDeadline(t time.Time) error {
	s.writeDeadline = t
	return nil
}
