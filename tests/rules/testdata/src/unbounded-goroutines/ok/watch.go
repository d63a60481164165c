package ok

import (
	"context"
	"time"
)

// Feed reports its next item.
type Feed struct{ items chan string }

// Next starts a goroutine that hands over the next item, or gives up with ctx.
func (f *Feed) Next(ctx context.Context) <-chan string {
	out := make(chan string, 1)
	go func() {
		select {
		case it := <-f.items:
			out <- it
		case <-ctx.Done():
		}
	}()
	return out
}

// shape: the only case of the select is the watcher's, so every pass waits for it to finish
func Drain(ctx context.Context, f *Feed, handle func(string)) {
	for i := 0; i < 3; i++ {
		select {
		case it := <-f.Next(ctx):
			handle(it)
		}
	}
}

// shape: a function whose goroutine does not wait on the context it is given
func ticker(ctx context.Context, d time.Duration) <-chan struct{} {
	out := make(chan struct{}, 1)
	go func() {
		time.Sleep(d)
		out <- struct{}{}
	}()
	return out
}

// shape: the watcher's goroutine finishes on its own after a while, context or not
func Poll(ctx context.Context, poll func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker(ctx, time.Second):
			poll()
		}
	}
}

// Probe reports whether a peer answers within a second.
type Probe struct{ answers chan bool }

// Answer starts a goroutine that waits for the peer's answer, the context, or a second at most.
func (p *Probe) Answer(ctx context.Context) <-chan bool {
	out := make(chan bool, 1)
	go func() {
		select {
		case ok := <-p.answers:
			out <- ok
		case <-ctx.Done():
		case <-time.After(time.Second):
			out <- false
		}
	}()
	return out
}

// shape: the watcher gives up by itself after a second, so at most a second's worth wait at once
func Probing(ctx context.Context, p *Probe, wake <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-p.Answer(ctx):
		}
	}
}
