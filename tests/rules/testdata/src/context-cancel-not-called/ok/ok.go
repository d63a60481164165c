package ok

import (
	"context"
	"time"
)

// shape: the cancel function is returned to the caller
func WithBudget(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}

type Worker struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// shape: the cancel function is stored and called by Stop
func (w *Worker) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	w.cancel = cancel
	w.done = make(chan struct{})
	go func() {
		<-ctx.Done()
		close(w.done)
	}()
}

func (w *Worker) Stop() {
	w.cancel()
	<-w.done
}

// shape: cancelled on both branches before returning
func Either(parent context.Context, fast bool, run func(context.Context) error) error {
	ctx, cancel := context.WithCancel(parent)
	if fast {
		cancel()
	} else {
		defer cancel()
	}
	return run(ctx)
}

// shape: handed to a goroutine that cancels when done
func Background(parent context.Context, run func(context.Context)) {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		defer cancel()
		run(ctx)
	}()
}
