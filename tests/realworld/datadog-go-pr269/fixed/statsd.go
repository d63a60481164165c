// Package statsd is a DogStatsD client that can aggregate metrics before
// sending them to the agent.
package statsd

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// ErrNoClient is returned by methods called on a nil client.
var ErrNoClient = errors.New("statsd client is nil")

// Options configures a Client.
type Options struct {
	Aggregation              bool
	AggregationFlushInterval time.Duration
}

// Client sends metrics to a DogStatsD agent.
type Client struct {
	out io.Writer
	mu  sync.Mutex

	agg *aggregator

	closerLock sync.Mutex
	stop       chan struct{}
}

// New returns a client writing to w. With aggregation on (the default in
// recent versions), it starts the aggregator's flush loop.
func New(w io.Writer, o Options) (*Client, error) {
	if w == nil {
		return nil, errors.New("no writer")
	}
	c := &Client{out: w, stop: make(chan struct{})}
	if o.Aggregation {
		interval := o.AggregationFlushInterval
		if interval <= 0 {
			interval = 2 * time.Second
		}
		c.agg = newAggregator(c)
		c.agg.start(interval)
	}
	return c, nil
}

// Count tracks how many times something happened.
func (c *Client) Count(name string, value int64, tags []string) error {
	if c == nil {
		return ErrNoClient
	}
	if c.agg != nil {
		c.agg.count(name, value, tags)
		return nil
	}
	c.send(&countMetric{name: name, tags: tags, value: value})
	return nil
}

func (c *Client) send(m *countMetric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, "%s:%d|c|#%s\n", m.name, m.value, strings.Join(m.tags, ","))
}

// Close flushes what the aggregator holds and stops the client.
func (c *Client) Close() error {
	if c == nil {
		return ErrNoClient
	}
	c.closerLock.Lock()
	defer c.closerLock.Unlock()

	select {
	case <-c.stop:
		return nil
	default:
	}
	close(c.stop)

	if c.agg != nil {
		c.agg.stop()
		c.agg.flush()
	}
	return nil
}
