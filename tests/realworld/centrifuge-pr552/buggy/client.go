package centrifuge

import (
	"net"
	"time"

	"example.com/centrifuge-pr552/internal/queue"
)

// Client is one connection: its messages go through the writer's queue to the
// transport.
type Client struct {
	conn   net.Conn
	writer *writer
}

func newClient(conn net.Conn, writeDelay time.Duration, maxMessagesInFrame int) *Client {
	c := &Client{conn: conn}
	c.writer = newWriter(writerConfig{
		WriteFn: func(item queue.Item) error {
			_, err := conn.Write(item.Data)
			return err
		},
		WriteManyFn: func(items ...queue.Item) error {
			var buf []byte
			for _, it := range items {
				buf = append(buf, it.Data...)
			}
			_, err := conn.Write(buf)
			return err
		},
	}, 0)
	go c.writer.run(writeDelay, maxMessagesInFrame)
	return c
}

func (c *Client) Send(data []byte) bool {
	return c.writer.enqueue(queue.Item{Data: data})
}

func (c *Client) Close() error {
	_ = c.writer.close(true)
	return c.conn.Close()
}
