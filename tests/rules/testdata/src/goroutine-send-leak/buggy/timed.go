package buggy

import (
	"context"
	"time"
)

// shape: the sender closes the channel when it is done, after its send: on a timeout nobody receives, and the close never runs
func timedCheck(ctx context.Context, check func(context.Context) error, d time.Duration) error {
	res := make(chan error) // want "goroutine-send-leak: The goroutine started at line 11 blocks forever on `res <- check.ctx.`: `res` is unbuffered"
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
