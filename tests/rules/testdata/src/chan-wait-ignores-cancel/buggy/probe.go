package buggy

import (
	"context"
	"time"
)

// Prober runs health probes and queues a follow-up after each successful one.
type Prober struct {
	followUps chan string
}

type probe struct {
	id     string
	every  time.Duration
	cancel chan struct{}
}

// shape: the goroutine waits for a close that only one branch of the starter does; its other case is never signalled
func (p *Prober) Schedule(ctx context.Context, id string, every time.Duration) {
	pr := &probe{id: id, every: every, cancel: make(chan struct{})}
	ready := make(chan struct{})
	go func() {
		select {
		case <-ready:
			p.followUps <- pr.id
		case <-pr.cancel:
		}
	}()
	if p.runOnce(ctx, pr) {
		close(ready) // want "chan-wait-ignores-cancel: closes `ready` only when"
	}
}

func (p *Prober) runOnce(ctx context.Context, pr *probe) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(pr.every):
		return true
	}
}
