package fixed

import (
	"context"
	"time"
)

type session struct {
	ctx  context.Context
	stop context.CancelFunc
}

// shape: Close calls the cancel stored by the literal
func newSession(parent context.Context) *session {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	return &session{ctx: ctx, stop: cancel}
}

func (s *session) Done() <-chan struct{} { return s.ctx.Done() }

func (s *session) Close() { s.stop() }

type job struct {
	abort context.CancelCauseFunc
}

// shape: Reset cancels before forgetting
func (j *job) Run(parent context.Context, f func(context.Context)) {
	ctx, cancel := context.WithCancelCause(parent)
	j.abort = cancel
	f(ctx)
}

func (j *job) Reset() {
	if j.abort != nil {
		j.abort(context.Canceled)
	}
	j.abort = nil
}

func Use(parent context.Context) bool {
	s := newSession(parent)
	var j job
	j.Run(parent, func(context.Context) {})
	j.Reset()
	defer s.Close()
	return s.Done() != nil
}
