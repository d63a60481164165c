package jsonrpc2

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"os"
	"sync"
)

// Conn is one end of a JSON-RPC connection.
type Conn struct {
	stream ObjectStream
	h      Handler

	mu      sync.Mutex
	closed  bool
	seq     uint64
	pending map[ID]*call

	sending sync.Mutex

	disconnect chan struct{}
	logger     Logger
}

// NewConn starts reading stream on a background goroutine.
func NewConn(ctx context.Context, stream ObjectStream, h Handler) *Conn {
	c := &Conn{
		stream:     stream,
		h:          h,
		pending:    map[ID]*call{},
		disconnect: make(chan struct{}),
		logger:     log.New(os.Stderr, "", log.LstdFlags),
	}
	go c.readMessages(ctx)
	return c
}

// Close closes the connection; calls still waiting get ErrClosed.
func (c *Conn) Close() error {
	return c.close(nil)
}

// Call sends a request and waits for its response.
func (c *Conn) Call(ctx context.Context, method string, result interface{}) error {
	cc, err := c.send(ctx, &anyMessage{request: &Request{Method: method}}, true)
	if err != nil {
		return err
	}
	return Waiter{call: cc}.Wait(ctx, result)
}

// DisconnectNotify is closed when the connection is shut down.
func (c *Conn) DisconnectNotify() <-chan struct{} {
	return c.disconnect
}

func (c *Conn) close(cause error) error {
	c.mu.Lock()
	defer c.mu.Unlock()

	if c.closed {
		return ErrClosed
	}

	for id, call := range c.pending {
		close(call.done)
		delete(c.pending, id)
	}

	if cause != nil && cause != io.EOF && cause != io.ErrUnexpectedEOF {
		c.logger.Printf("jsonrpc2: protocol error: %v\n", cause)
	}

	close(c.disconnect)
	c.closed = true
	return c.stream.Close()
}

func (c *Conn) readMessages(ctx context.Context) {
	var err error
	for err == nil {
		var m anyMessage
		err = c.stream.ReadObject(&m)
		if err != nil {
			break
		}

		switch {
		case m.request != nil:
			c.h.Handle(ctx, c, m.request)

		case m.response != nil:
			resp := m.response
			id := resp.ID
			c.mu.Lock()
			call := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()

			if call == nil {
				c.logger.Printf("jsonrpc2: ignoring response #%s with no corresponding request\n", id)
				continue
			}
			call.response = resp

			var callErr error
			if resp.Error != nil {
				callErr = resp.Error
			}
			call.done <- callErr
			close(call.done)
		}
	}
	c.close(err)
}

func (c *Conn) send(_ context.Context, m *anyMessage, wait bool) (cc *call, err error) {
	c.sending.Lock()
	defer c.sending.Unlock()

	var id ID

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	if m.request != nil && wait {
		cc = &call{request: m.request, seq: c.seq, done: make(chan error, 1)}
		if m.request.ID.Num == 0 {
			m.request.ID.Num = c.seq
		}
		c.seq++
		id = m.request.ID
		c.pending[id] = cc
	}
	c.mu.Unlock()

	// If the write fails, forget the pending call again.
	defer func() {
		if err != nil && cc != nil {
			c.mu.Lock()
			delete(c.pending, id)
			c.mu.Unlock()
		}
	}()

	if err := c.stream.WriteObject(m); err != nil {
		return nil, err
	}
	return cc, nil
}

// Waiter waits for the response to a dispatched call.
type Waiter struct {
	*call
}

// Wait returns the call's result, or ErrClosed if the connection closed first.
func (w Waiter) Wait(ctx context.Context, result interface{}) error {
	select {
	case err, ok := <-w.call.done:
		if !ok {
			return ErrClosed
		}
		if err != nil || result == nil || w.call.response.Result == nil {
			return err
		}
		return json.Unmarshal(*w.call.response.Result, result)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// call is a request waiting for its response.
type call struct {
	request  *Request
	response *Response
	seq      uint64
	done     chan error
}
