package redis

import (
	"errors"
	"net"
	"sync"
)

type Conn struct{ netConn net.Conn }

var errBadConn = errors.New("bad connection")

func isBadConn(err error) bool { return err != nil }

type PubSub struct {
	mu       sync.Mutex
	cn       *Conn
	channels []string
	newConn  func(channels []string) (*Conn, error)
	closed   bool
}

func (c *PubSub) _conn(channels []string) (*Conn, error) {
	if c.closed {
		return nil, errors.New("redis: client is closed")
	}
	if c.cn != nil {
		return c.cn, nil
	}
	cn, err := c.newConn(channels)
	if err != nil {
		return nil, err
	}
	c.cn = cn
	return cn, nil
}

func (c *PubSub) releaseConn() error {
	if c.cn == nil {
		return nil
	}
	err := c.cn.netConn.Close()
	c.cn = nil
	return err
}

// putConn is called with c.mu held.
func (c *PubSub) _putConn(cn *Conn, err error) {
	if !isBadConn(err) {
		return
	}
	if c.cn == cn {
		_ = c.releaseConn()
	}
}

func (c *PubSub) _subscribe(cn *Conn, redisCmd string, channels ...string) error {
	_, err := cn.netConn.Write([]byte(redisCmd))
	return err
}

func (c *PubSub) subscribe(redisCmd string, channels ...string) error {
	cn, err := c._conn(channels)
	if err != nil {
		return err
	}
	err = c._subscribe(cn, redisCmd, channels...)
	c._putConn(cn, err)
	return err
}

func (c *PubSub) Subscribe(channels ...string) error {
	c.mu.Lock()
	err := c.subscribe("subscribe", channels...)
	c.channels = append(c.channels, channels...)
	c.mu.Unlock()
	return err
}
