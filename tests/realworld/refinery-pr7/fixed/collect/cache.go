package collect

import (
	"sync"

	"example.com/refinery-pr7/types"
)

// Cache holds the traces still being collected.
type Cache struct {
	mu     sync.Mutex
	traces map[string]*types.Trace
}

func NewCache() *Cache {
	return &Cache{traces: make(map[string]*types.Trace)}
}

func (c *Cache) Get(traceID string) *types.Trace {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.traces[traceID]
}

func (c *Cache) Set(trace *types.Trace) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.traces[trace.TraceID] = trace
}

func (c *Cache) GetAll() []*types.Trace {
	c.mu.Lock()
	defer c.mu.Unlock()
	all := make([]*types.Trace, 0, len(c.traces))
	for _, t := range c.traces {
		all = append(all, t)
	}
	return all
}
