package buggy

import (
	"errors"
	"sync"
	"time"
)

// Client matches the replies its reader gets to the requests waiting for them.
type Client struct {
	mu      sync.Mutex
	waiting map[uint32]chan []byte
	replies chan [2][]byte
}

func NewClient() *Client {
	c := &Client{waiting: make(map[uint32]chan []byte), replies: make(chan [2][]byte)}
	go c.dispatch()
	return c
}

func (c *Client) dispatch() {
	for r := range c.replies {
		id := uint32(r[0][0])
		c.mu.Lock()
		ch := c.waiting[id]
		c.mu.Unlock()
		if ch != nil {
			ch <- r[1]
		}
	}
}

// shape: the request closes its reply channel when it gives up, while the dispatcher may already hold it and be about to send
func (c *Client) Call(id uint32, timeout time.Duration) ([]byte, error) {
	ch := make(chan []byte, 1)
	c.mu.Lock()
	c.waiting[id] = ch
	c.mu.Unlock()
	defer func() {
		close(ch) // want "send-on-closed-channel: `Client.Call` closes `ch`, the channel it registered in `Client.waiting`, while the goroutine started at line 18 takes channels from that map"
		c.mu.Lock()
		delete(c.waiting, id)
		c.mu.Unlock()
	}()
	select {
	case b := <-ch:
		return b, nil
	case <-time.After(timeout):
		return nil, errors.New("timeout")
	}
}
