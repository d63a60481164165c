package fixed

import "time"

type Conn struct {
	quit chan struct{}
	send func(string)
}

func (c *Conn) Start() {
	go c.heartbeat()
}

// shape: return instead of break
func (c *Conn) heartbeat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.send("ping")
		case <-c.quit:
			return
		}
	}
}
