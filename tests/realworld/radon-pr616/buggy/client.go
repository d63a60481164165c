package driver

import (
	"context"
	"net"
	"time"
)

const comQuit = 0x01

// packets frames commands onto the server connection.
type packets struct {
	stream net.Conn
}

func (p *packets) WriteCommand(command byte, payload []byte) error {
	buf := make([]byte, 0, 5+len(payload))
	size := len(payload) + 1
	buf = append(buf, byte(size), byte(size>>8), byte(size>>16), 0, command)
	buf = append(buf, payload...)
	_, err := p.stream.Write(buf)
	return err
}

type conn struct {
	netConn net.Conn
	packets *packets
}

// NewConn dials a backend MySQL server.
func NewConn(address string) (*conn, error) {
	netConn, err := net.DialTimeout("tcp", address, 30*time.Second)
	if err != nil {
		return nil, err
	}
	return &conn{netConn: netConn, packets: &packets{stream: netConn}}, nil
}

// Quit tells the server we are leaving; it can block on a stuck peer.
func (c *conn) Quit() {
	c.packets.WriteCommand(comQuit, nil)
}

// Cleanup drops the underlying socket.
func (c *conn) Cleanup() {
	if c.netConn != nil {
		c.netConn.Close()
		c.netConn = nil
	}
}

// Close sends COM_QUIT and closes the connection, giving up on the quit
// after five seconds.
func (c *conn) Close() error {
	if c != nil && c.netConn != nil {
		quitCh := make(chan struct{})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()

		// quit in the background, the select below bounds how long we wait
		go func(c *conn) {
			c.Quit()
			close(quitCh)
		}(c)

		select {
		case <-ctx.Done():
			c.Cleanup()
			close(quitCh)
		case <-quitCh:
			c.Cleanup()
		}
	}
	return nil
}

// Closed reports whether the connection is gone.
func (c *conn) Closed() bool {
	return c.netConn == nil
}
