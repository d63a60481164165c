package semisyncmonitor

import (
	"context"
	"errors"
	"sync"
)

// connPool stands in for the tablet's app connection pool: the monitor only
// needs to open it, close it and run its two statements through it.
type connPool struct {
	mu   sync.Mutex
	open bool

	// waitSessions answers the "sessions waiting for a semi-sync ACK" query.
	waitSessions func(ctx context.Context) (int64, error)
}

var errPoolClosed = errors.New("connection pool is closed")

func (p *connPool) IsOpen() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.open
}

func (p *connPool) Open() {
	p.mu.Lock()
	p.open = true
	p.mu.Unlock()
}

func (p *connPool) Close() {
	p.mu.Lock()
	p.open = false
	p.mu.Unlock()
}

func (p *connPool) readWaitSessions(ctx context.Context) (int64, error) {
	if !p.IsOpen() {
		return 0, errPoolClosed
	}
	if p.waitSessions == nil {
		return 0, nil
	}
	return p.waitSessions(ctx)
}

func (p *connPool) truncateHeartbeats(ctx context.Context) error {
	if !p.IsOpen() {
		return errPoolClosed
	}
	return ctx.Err()
}
