package tunnel

import (
	"context"
	"errors"
	"sync"
)

// Message is one frame sent over a tunnel.
type Message []byte

// Manager_TunnelClient is the client side of the bidirectional Tunnel stream.
type Manager_TunnelClient interface {
	Send(Message) error
	Recv() (Message, error)
	CloseSend() error
}

// ManagerClient is the part of the traffic-manager API used here.
type ManagerClient interface {
	Tunnel(ctx context.Context) (Manager_TunnelClient, error)
}

// DialRequest asks this side to dial a connection for the peer.
type DialRequest struct {
	ConnID      string
	DialTimeout int64
}

// Manager_WatchDialClient streams the dial requests.
type Manager_WatchDialClient interface {
	Recv() (*DialRequest, error)
}

// transportStream stands for a gRPC client stream: like grpc-go, it keeps a
// goroutine that tears the stream down when the stream's context is done.
type transportStream struct {
	in     chan Message
	out    chan Message
	closed chan struct{}
	once   sync.Once
}

type managerClient struct {
	peer chan *transportStream
}

// NewManagerClient returns a client whose streams are handed to peer.
func NewManagerClient(peer chan *transportStream) ManagerClient {
	return &managerClient{peer: peer}
}

func (c *managerClient) Tunnel(ctx context.Context) (Manager_TunnelClient, error) {
	s := &transportStream{
		in:     make(chan Message, 16),
		out:    make(chan Message, 16),
		closed: make(chan struct{}),
	}
	go func() {
		<-ctx.Done()
		s.once.Do(func() { close(s.closed) })
	}()
	select {
	case c.peer <- s:
		return s, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

var errStreamClosed = errors.New("stream closed")

func (s *transportStream) Send(m Message) error {
	select {
	case s.out <- m:
		return nil
	case <-s.closed:
		return errStreamClosed
	}
}

func (s *transportStream) Recv() (Message, error) {
	select {
	case m := <-s.in:
		return m, nil
	case <-s.closed:
		return nil, errStreamClosed
	}
}

func (s *transportStream) CloseSend() error {
	return nil
}
