package buggy

import "time"

type Conn struct {
	quit chan struct{}
	send func(string)
}

func (c *Conn) Start() {
	go c.heartbeat()
}

// shape: a method run as a goroutine; `break` only leaves the select, not the loop
func (c *Conn) heartbeat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for { // want "select-loop-no-exit: with no way out"
		select {
		case <-t.C:
			c.send("ping")
		case <-c.quit:
			break
		}
	}
}
