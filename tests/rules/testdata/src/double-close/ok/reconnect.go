package ok

import "sync"

// shape: a connection whose Reconnect makes its end channel afresh: the loop closes a new
// channel each time round
type ircConn struct {
	sync.Mutex
	end  chan struct{}
	errs chan error
	quit bool
}

func (c *ircConn) quitting() bool {
	c.Lock()
	defer c.Unlock()
	return c.quit
}

func (c *ircConn) Reconnect() error {
	c.end = make(chan struct{})
	return nil
}

func (c *ircConn) Loop() {
	for !c.quitting() {
		<-c.errs
		close(c.end)
		for !c.quitting() {
			if err := c.Reconnect(); err == nil {
				break
			}
		}
	}
}
