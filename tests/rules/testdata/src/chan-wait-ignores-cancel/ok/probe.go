package ok

import (
	"context"
	"time"
)

// Prober runs health probes and queues a follow-up after each successful one.
type Prober struct {
	followUps chan string
	probes    map[string]*probe
}

type probe struct {
	id     string
	every  time.Duration
	cancel chan struct{}
}

// shape: the starter closes only on success, but the goroutine's other case is closed by Remove
func (p *Prober) Schedule(ctx context.Context, id string, every time.Duration) {
	pr := &probe{id: id, every: every, cancel: make(chan struct{})}
	p.probes[id] = pr
	ready := make(chan struct{})
	go func() {
		select {
		case <-ready:
			p.followUps <- pr.id
		case <-pr.cancel:
		}
	}()
	if p.runOnce(ctx, pr) {
		close(ready)
	}
}

// Remove stops a probe: its waiting goroutine ends.
func (p *Prober) Remove(id string) {
	if pr, ok := p.probes[id]; ok {
		close(pr.cancel)
		delete(p.probes, id)
	}
}

// shape: the starter closes on one branch and the goroutine also gives up on ctx
func (p *Prober) ScheduleCtx(ctx context.Context, id string) {
	ready := make(chan struct{})
	go func() {
		select {
		case <-ready:
			p.followUps <- id
		case <-ctx.Done():
		}
	}()
	if p.runOnce(ctx, &probe{id: id}) {
		close(ready)
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
