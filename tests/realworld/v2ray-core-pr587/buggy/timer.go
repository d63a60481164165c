package signal

import (
	"context"
	"time"
)

type ActivityTimer struct {
	updated chan struct{}
	timeout chan time.Duration
	ctx     context.Context
	cancel  context.CancelFunc
}

func (t *ActivityTimer) Update() {
	select {
	case t.updated <- struct{}{}:
	default:
	}
}

func (t *ActivityTimer) SetTimeout(timeout time.Duration) {
	t.timeout <- timeout
}

func (t *ActivityTimer) run() {
	ticker := time.NewTicker(<-t.timeout)
	defer ticker.Stop()

	for {
		select {
		case <-ticker.C:
		case <-t.ctx.Done():
			return
		case timeout := <-t.timeout:
			if timeout == 0 {
				t.cancel()
				return
			}
			ticker.Stop()
			ticker = time.NewTicker(timeout)
			continue
		}

		select {
		case <-t.updated:
		default:
			t.cancel()
			return
		}
	}
}

func CancelAfterInactivity(ctx context.Context, cancel context.CancelFunc, timeout time.Duration) *ActivityTimer {
	t := &ActivityTimer{
		updated: make(chan struct{}, 1),
		timeout: make(chan time.Duration, 1),
		ctx:     ctx,
		cancel:  cancel,
	}
	t.timeout <- timeout
	go t.run()
	return t
}
