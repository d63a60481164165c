package tunnel

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"time"
)

// Stream is a tunnel stream bound to one connection ID.
type Stream struct {
	id          string
	client      Manager_TunnelClient
	dialTimeout time.Duration
}

// NewClientStream sets up the stream for connection id over the Tunnel client.
func NewClientStream(ctx context.Context, client Manager_TunnelClient, id string, dialTimeout time.Duration) (*Stream, error) {
	if err := client.Send(Message("session " + id)); err != nil {
		return nil, err
	}
	return &Stream{id: id, client: client, dialTimeout: dialTimeout}, nil
}

// dialer dispatches messages between the tunnel stream and a connection.
type dialer struct {
	stream *Stream
	cancel context.CancelFunc
	conn   net.Conn
	done   chan struct{}
}

// NewDialer creates the handler for stream; cancel ends its context.
func NewDialer(stream *Stream, cancel context.CancelFunc) *dialer {
	return &dialer{stream: stream, cancel: cancel, done: make(chan struct{})}
}

// Start dials the destination and copies in both directions until one side ends.
func (h *dialer) Start(ctx context.Context) {
	go func() {
		defer close(h.done)

		d := net.Dialer{Timeout: h.stream.dialTimeout}
		conn, err := d.DialContext(ctx, "tcp", h.stream.id)
		if err != nil {
			log.Printf("!! CONN %s, failed to establish connection: %v", h.stream.id, err)
			_ = h.stream.client.Send(Message("dial-reject"))
			_ = h.stream.client.CloseSend()
			return
		}
		if err = h.stream.client.Send(Message("dial-ok")); err != nil {
			_ = conn.Close()
			return
		}
		h.conn = conn

		go h.connToStream()
		h.streamToConn()
		h.Stop()
	}()
}

// Done is closed when the dialer has finished.
func (h *dialer) Done() <-chan struct{} {
	return h.done
}

// Stop closes the connection and cancels the dialer's context.
func (h *dialer) Stop() {
	if h.conn != nil {
		_ = h.conn.Close()
	}
	h.cancel()
}

func (h *dialer) connToStream() {
	buf := make([]byte, 0x10000)
	for {
		n, err := h.conn.Read(buf)
		if n > 0 {
			if h.stream.client.Send(Message(buf[:n])) != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (h *dialer) streamToConn() {
	for {
		m, err := h.stream.client.Recv()
		if err != nil {
			return
		}
		if _, err := h.conn.Write(m); err != nil {
			return
		}
	}
}

// DialWaitLoop reads dial requests and answers each in its own goroutine
// until the dial stream ends.
func DialWaitLoop(ctx context.Context, manager ManagerClient, dialStream Manager_WatchDialClient) error {
	for ctx.Err() == nil {
		dr, err := dialStream.Recv()
		if err != nil {
			if ctx.Err() == nil && !(errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)) {
				return err
			}
			return nil
		}
		go dialRespond(ctx, manager, dr)
	}
	return nil
}

func dialRespond(ctx context.Context, manager ManagerClient, dr *DialRequest) {
	// The Tunnel stream lives only as long as this dialer.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	mt, err := manager.Tunnel(ctx)
	if err != nil {
		log.Printf("!! CONN %s, call to manager Tunnel failed: %v", dr.ConnID, err)
		return
	}
	s, err := NewClientStream(ctx, mt, dr.ConnID, time.Duration(dr.DialTimeout))
	if err != nil {
		log.Print(err)
		return
	}
	d := NewDialer(s, cancel)
	d.Start(ctx)
	<-d.Done()
}
