package buggy

import (
	"context"
	"time"
)

type session struct {
	ctx  context.Context
	stop context.CancelFunc
}

// shape: stored through a composite literal
func newSession(parent context.Context) *session {
	ctx, cancel := context.WithTimeout(parent, time.Minute)
	return &session{ctx: ctx, stop: cancel} // want "context-struct-cancel-never-called: stores a cancel function that nothing in the package ever calls"
}

func (s *session) Done() <-chan struct{} { return s.ctx.Done() }

type job struct {
	abort context.CancelCauseFunc
}

// shape: a CancelCauseFunc assigned in two places, called in none
func (j *job) Run(parent context.Context, f func(context.Context)) {
	ctx, cancel := context.WithCancelCause(parent)
	j.abort = cancel // want "context-struct-cancel-never-called: stores a cancel function that nothing in the package ever calls"
	f(ctx)
}

func (j *job) Reset() {
	j.abort = nil
}

func Use(parent context.Context) bool {
	s := newSession(parent)
	var j job
	j.Run(parent, func(context.Context) {})
	return s.Done() != nil
}
