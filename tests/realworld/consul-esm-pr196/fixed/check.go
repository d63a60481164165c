package main

import (
	"context"
	"time"
)

type CheckRunner struct {
	checks  map[string]*checkHTTP
	updates chan string
}

type checkHTTP struct {
	id       string
	interval time.Duration
	stopCh   chan struct{}
}

func NewCheckRunner() *CheckRunner {
	return &CheckRunner{checks: map[string]*checkHTTP{}, updates: make(chan string, 8)}
}

func (c *CheckRunner) UpdateCheck(ctx context.Context, id string, interval time.Duration) {
	ch := &checkHTTP{id: id, interval: interval, stopCh: make(chan struct{})}
	c.checks[id] = ch
	waitCh := make(chan struct{})
	go func() {
		select {
		case <-waitCh:
			select {
			case c.updates <- id:
			default:
			}
		case <-ch.stopCh:
		}
	}()
	defer close(waitCh)
	c.runOnce(ctx, ch)
}

func (c *CheckRunner) runOnce(ctx context.Context, ch *checkHTTP) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(ch.interval):
		return true
	}
}
