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
