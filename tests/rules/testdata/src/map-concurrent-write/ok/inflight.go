package ok

import "sync"

type inflight struct {
	byID map[int]string
}

// FlightConn keeps what is in flight in state; every change to it runs inside update, under mu.
type FlightConn struct {
	mu    sync.Mutex
	state inflight
	in    chan int
	done  chan int
}

func (c *FlightConn) update(f func(*inflight)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.state)
}

func BindFlight(in, done chan int) *FlightConn {
	c := &FlightConn{in: in, done: done}
	go c.readLoop()
	return c
}

func (c *FlightConn) readLoop() {
	for id := range c.in {
		c.accept(id)
	}
}

// shape: the literals handed to update run with mu held, whichever goroutine hands them over
func (c *FlightConn) accept(id int) {
	c.update(func(s *inflight) {
		if s.byID == nil {
			s.byID = map[int]string{}
		}
		s.byID[id] = "pending"
	})
	go c.finish(id)
}

func (c *FlightConn) finish(id int) {
	c.update(func(s *inflight) {
		delete(s.byID, id)
	})
}
