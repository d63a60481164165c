package fixed

import (
	"context"
	"time"
)

type runner struct{ tasks chan func() }

func (r *runner) queue(timeout time.Duration, work func(context.Context) error) {
	r.tasks <- func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		_ = work(ctx)
	}
}

func readPart(ctx context.Context, cancel context.CancelFunc, read func(context.Context) error) error {
	defer cancel()
	return read(ctx)
}

func importPart(parent context.Context, read func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	return readPart(ctx, cancel, read)
}
