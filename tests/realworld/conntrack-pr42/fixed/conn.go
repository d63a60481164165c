package conntrack

import (
	"errors"
	"fmt"
	"sync"
)

// Conn is a netlink connection to the conntrack subsystem.
type Conn struct {
	conn netfilterConn

	workers sync.WaitGroup
}

func Dial(c netfilterConn) *Conn {
	return &Conn{conn: c}
}

// Close closes the Conn. If any workers were started by Listen, it blocks
// until all of them have returned.
func (c *Conn) Close() error {
	if err := c.conn.Close(); err != nil {
		return err
	}

	c.workers.Wait()

	return nil
}

// Listen joins the multicast groups and starts numWorkers goroutines that
// decode events from the socket onto evChan. Errors that stop a worker are
// sent on the returned channel. Closing the Conn makes all workers return.
func (c *Conn) Listen(evChan chan<- Event, numWorkers uint8, groups []NetlinkGroup) (chan error, error) {
	if numWorkers == 0 {
		return nil, errNoWorkers
	}

	// Prevent Listen() from being called twice on the same Conn.
	if c.conn.IsMulticast() {
		return nil, errConnHasListeners
	}

	if err := c.conn.JoinGroups(groups); err != nil {
		return nil, err
	}

	errChan := make(chan error)

	for id := uint8(0); id < numWorkers; id++ {
		c.workers.Add(1)
		go c.eventWorker(id, evChan, errChan)
	}

	return errChan, nil
}

// eventWorker decodes netlink messages into Events until the socket closes.
func (c *Conn) eventWorker(workerID uint8, evChan chan<- Event, errChan chan<- error) {
	defer c.workers.Done()

	for {
		recv, err := c.conn.Receive()

		// The Conn was closed while blocked in Receive: exit quietly.
		if errors.Is(err, errClosed) {
			return
		}
		if err != nil {
			errChan <- fmt.Errorf("Receive() netlink error, closing worker %d: %w", workerID, err)
			return
		}

		// Multicast messages should never be multi-part.
		if len(recv) > 1 {
			errChan <- errMultipartEvent
			return
		}

		var ev Event
		if err := ev.unmarshal(recv[0]); err != nil {
			errChan <- err
			return
		}

		evChan <- ev
	}
}
