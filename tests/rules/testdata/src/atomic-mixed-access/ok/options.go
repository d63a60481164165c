package ok

import (
	"sync/atomic"
	"time"
)

// shape: functional options set fields plainly on the value a constructor is building; once
// running, the client reads and changes them atomically.

type stunClient struct {
	rto         int64
	maxAttempts int32
}

// StunOption configures a client as NewStunClient builds it.
type StunOption func(*stunClient)

// WithNoRetransmit disables retransmissions.
func WithNoRetransmit(c *stunClient) {
	c.maxAttempts = 0
	if c.rto == 0 {
		c.rto = int64(7 * time.Second)
	}
}

// NewStunClient builds a client with the given options.
func NewStunClient(opts ...StunOption) *stunClient {
	c := &stunClient{maxAttempts: 7, rto: int64(time.Second)}
	for _, o := range opts {
		o(c)
	}
	go c.retransmit()
	return c
}

func (c *stunClient) retransmit() {
	for atomic.LoadInt32(&c.maxAttempts) > 0 {
		time.Sleep(time.Duration(atomic.LoadInt64(&c.rto)))
		atomic.AddInt32(&c.maxAttempts, -1)
	}
}

// SetRTO changes the retransmission timeout of a running client.
func (c *stunClient) SetRTO(d time.Duration) { atomic.StoreInt64(&c.rto, int64(d)) }
