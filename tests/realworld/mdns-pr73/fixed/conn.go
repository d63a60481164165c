package mdns

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"
)

type query struct {
	nameWithSuffix  string
	queryResultChan chan net.IP
}

type Conn struct {
	mu            sync.RWMutex
	queries       []query
	queryInterval time.Duration
	closed        chan struct{}
}

var errConnectionClosed = errors.New("connection closed")

func (c *Conn) sendQuestion(name string) {}

func (c *Conn) Query(ctx context.Context, name string) (net.IP, error) {
	select {
	case <-c.closed:
		return nil, errConnectionClosed
	default:
	}
	nameWithSuffix := name + "."
	queryChan := make(chan net.IP, 1)
	c.mu.Lock()
	c.queries = append(c.queries, query{nameWithSuffix, queryChan})
	ticker := time.NewTicker(c.queryInterval)
	defer ticker.Stop()
	c.mu.Unlock()

	c.sendQuestion(nameWithSuffix)
	for {
		select {
		case <-ticker.C:
			c.sendQuestion(nameWithSuffix)
		case <-c.closed:
			return nil, errConnectionClosed
		case res := <-queryChan:
			return res, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
