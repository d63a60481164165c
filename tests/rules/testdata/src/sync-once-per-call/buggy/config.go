package buggy

import (
	"os"
	"sync"
)

// shape: a local Once makes the "once" initialisation run on every call
func Config() map[string]string {
	var once sync.Once
	cfg := map[string]string{}
	once.Do(func() { // want "sync-once-per-call: [Oo]nce"
		cfg["home"] = os.Getenv("HOME")
	})
	return cfg
}

type Client struct {
	once sync.Once
	addr string
}

// shape: a long-lived Once whose function uses a per-call argument
func (c *Client) Conn(addr string) string {
	c.once.Do(func() { // want "sync-once-per-call: [Oo]nce"
		c.addr = addr
	})
	return c.addr
}
