package redis

import (
	"bufio"
	"net"
	"sync"
	"time"
)

type PubSub struct {
	mu       sync.Mutex
	cn       net.Conn
	wr       *bufio.Writer
	channels map[string]struct{}
	exit     chan struct{}
}

func newPubSub(cn net.Conn) *PubSub {
	return &PubSub{cn: cn, wr: bufio.NewWriter(cn), channels: map[string]struct{}{}, exit: make(chan struct{})}
}

func (c *PubSub) writeCmd(args ...string) error {
	for _, a := range args {
		if _, err := c.wr.WriteString(a + "\r\n"); err != nil {
			return err
		}
	}
	return c.wr.Flush()
}

func (c *PubSub) Unsubscribe(channels ...string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range channels {
		delete(c.channels, ch)
	}
	return c.writeCmd(append([]string{"unsubscribe"}, channels...)...)
}

func (c *PubSub) Ping(payload ...string) error {
	args := []string{"ping"}
	args = append(args, payload...)
	return c.writeCmd(args...)
}

// Channel starts the health check that pings the server while messages are read.
func (c *PubSub) Channel() {
	go c.initHealthCheck()
}

func (c *PubSub) initHealthCheck() {
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			_ = c.Ping()
			timer.Reset(time.Minute)
		case <-c.exit:
			return
		}
	}
}
