package colly

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Collector struct {
	UserAgent     string
	MaxDepth      int
	Async         bool
	requestCount  uint32
	responseCount uint32
	wg            *sync.WaitGroup
}

func NewCollector() *Collector {
	return &Collector{wg: &sync.WaitGroup{}}
}

func (c *Collector) fetch(u string) error {
	atomic.AddUint32(&c.requestCount, 1)
	// the request itself is elided
	atomic.AddUint32(&c.responseCount, 1)
	return nil
}

func (c *Collector) Visit(u string) error {
	if c.Async {
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			_ = c.fetch(u)
		}()
		return nil
	}
	return c.fetch(u)
}

func (c *Collector) Wait() { c.wg.Wait() }

func (c *Collector) String() string {
	return fmt.Sprintf(
		"Requests made: %d (%d responses) | Callbacks: OnRequest: %d",
		c.requestCount,
		c.responseCount,
		0,
	)
}
