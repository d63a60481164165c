package buggy

import (
	"context"
	"time"
)

type runner struct{ tasks chan func() }

// shape: the cancel func is only assigned to the blank identifier, which silences the compiler and go vet but never cancels
func (r *runner) queue(timeout time.Duration, work func(context.Context) error) {
	r.tasks <- func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout) // want "context-cancel-not-called: `cancel` is never called .`_ = cancel` only keeps the compiler quiet."
		_ = cancel
		_ = work(ctx)
	}
}

func readPart(ctx context.Context, cancel context.CancelFunc, read func(context.Context) error) error {
	return read(ctx)
}

// shape: the cancel func is handed to a helper that never uses it
func importPart(parent context.Context, read func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent) // want "context-cancel-not-called: `cancel` is never called .`readPart` is handed it, and never uses it."
	return readPart(ctx, cancel, read)
}
