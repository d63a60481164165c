package fixed

import (
	"context"
	"time"
)

func timedCheck(ctx context.Context, check func(context.Context) error, d time.Duration) error {
	res := make(chan error, 1)
	go func() {
		defer close(res)
		res <- check(ctx)
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return context.DeadlineExceeded
	case err := <-res:
		return err
	}
}
