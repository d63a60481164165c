package fixed

import (
	"os"
	"sync"
)

var (
	cfgOnce sync.Once
	cfg     map[string]string
)

// shape: the Once lives next to what it initialises
func Config() map[string]string {
	cfgOnce.Do(func() {
		cfg = map[string]string{"home": os.Getenv("HOME")}
	})
	return cfg
}

type Client struct {
	mu    sync.Mutex
	conns map[string]string
}

// shape: per-argument results are cached per argument
func (c *Client) Conn(addr string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conns == nil {
		c.conns = map[string]string{}
	}
	if _, ok := c.conns[addr]; !ok {
		c.conns[addr] = addr
	}
	return c.conns[addr]
}
