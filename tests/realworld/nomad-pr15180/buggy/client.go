package drivers

import (
	"context"
	"time"
)

type ExitResult struct{ ExitCode int }

// join returns a context done when either parent is done; it runs a goroutine until then.
func join(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(a)
	go func() {
		select {
		case <-b.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

type driverPluginClient struct {
	doneCtx context.Context
	waitFn  func(ctx context.Context, taskID string) (*ExitResult, error)
}

func (d *driverPluginClient) WaitTask(ctx context.Context, id string) (<-chan *ExitResult, error) {
	ch := make(chan *ExitResult, 1)
	go d.handleWaitTask(ctx, id, ch)
	return ch, nil
}

func (d *driverPluginClient) handleWaitTask(ctx context.Context, id string, ch chan *ExitResult) {
	defer close(ch)
	joined, _ := join(ctx, d.doneCtx)
	res, err := d.waitFn(joined, id)
	if err != nil {
		res = &ExitResult{ExitCode: -1}
	}
	ch <- res
}

func pollUntilExit(ctx context.Context, id string) (*ExitResult, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(time.Second):
		return &ExitResult{}, nil
	}
}
