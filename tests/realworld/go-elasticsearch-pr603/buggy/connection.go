package estransport

import (
	"errors"
	"math"
	"net/url"
	"sync"
	"time"
)

var (
	defaultResurrectTimeoutInitial      = 60 * time.Second
	defaultResurrectTimeoutFactorCutoff = 5
)

// Connection is one node of the cluster.
type Connection struct {
	sync.Mutex

	URL       *url.URL
	IsDead    bool
	DeadSince time.Time
	Failures  int
}

// statusConnectionPool keeps the live and the dead connections apart.
type statusConnectionPool struct {
	sync.Mutex

	live []*Connection
	dead []*Connection
	curr int
}

func newStatusConnectionPool(conns []*Connection) *statusConnectionPool {
	return &statusConnectionPool{live: conns, curr: -1}
}

// Next returns a live connection, or resurrects a dead one if none is live.
func (cp *statusConnectionPool) Next() (*Connection, error) {
	cp.Lock()
	defer cp.Unlock()

	if len(cp.live) > 0 {
		cp.curr = (cp.curr + 1) % len(cp.live)
		return cp.live[cp.curr], nil
	} else if len(cp.dead) > 0 {
		c := cp.dead[len(cp.dead)-1]
		cp.dead = cp.dead[:len(cp.dead)-1]
		c.Lock()
		defer c.Unlock()
		cp.resurrect(c, false)
		return c, nil
	}
	return nil, errors.New("no connection available")
}

// OnSuccess marks the connection as healthy and puts it back on the live list.
func (cp *statusConnectionPool) OnSuccess(c *Connection) error {
	c.Lock()
	defer c.Unlock()

	if !c.IsDead {
		return nil
	}

	c.markAsHealthy()

	cp.Lock()
	defer cp.Unlock()
	return cp.resurrect(c, true)
}

// OnFailure marks the connection as dead and moves it to the dead list.
func (cp *statusConnectionPool) OnFailure(c *Connection) error {
	cp.Lock()
	defer cp.Unlock()

	c.Lock()
	if c.IsDead {
		c.Unlock()
		return nil
	}
	c.markAsDead()
	cp.scheduleResurrect(c)
	c.Unlock()

	cp.dead = append(cp.dead, c)

	index := -1
	for i, conn := range cp.live {
		if conn == c {
			index = i
		}
	}
	if index < 0 {
		return errors.New("connection not in live list")
	}
	copy(cp.live[index:], cp.live[index+1:])
	cp.live = cp.live[:len(cp.live)-1]
	return nil
}

// resurrect moves c to the live list; the caller holds both locks.
func (cp *statusConnectionPool) resurrect(c *Connection, removeDead bool) error {
	c.markAsLive()

	cp.live = append(cp.live, c)
	if removeDead {
		index := -1
		for i, conn := range cp.dead {
			if conn == c {
				index = i
			}
		}
		if index >= 0 {
			copy(cp.dead[index:], cp.dead[index+1:])
			cp.dead = cp.dead[:len(cp.dead)-1]
		}
	}
	return nil
}

// scheduleResurrect brings c back after a back-off, on a timer goroutine.
func (cp *statusConnectionPool) scheduleResurrect(c *Connection) {
	factor := math.Min(float64(c.Failures-1), float64(defaultResurrectTimeoutFactorCutoff))
	timeout := time.Duration(defaultResurrectTimeoutInitial.Seconds() * math.Exp2(factor) * float64(time.Second))

	time.AfterFunc(timeout, func() {
		cp.Lock()
		defer cp.Unlock()

		c.Lock()
		defer c.Unlock()

		if !c.IsDead {
			return
		}
		cp.resurrect(c, true)
	})
}

func (c *Connection) markAsDead() {
	c.IsDead = true
	if c.DeadSince.IsZero() {
		c.DeadSince = time.Now().UTC()
	}
	c.Failures++
}

func (c *Connection) markAsLive() {
	c.IsDead = false
}

func (c *Connection) markAsHealthy() {
	c.IsDead = false
	c.DeadSince = time.Time{}
	c.Failures = 0
}
