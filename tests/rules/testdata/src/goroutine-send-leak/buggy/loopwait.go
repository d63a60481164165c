package buggy

import (
	"context"
	"time"
)

type snapshot struct {
	name string
	conf map[string]string
}

type lister struct {
	watch bool
	every time.Duration
	list  func(ctx context.Context) (map[string]string, error)
}

// shape: a polling goroutine waits on its context between passes, but its send on the caller's
// channel does not: once the reader stops with the same context the send blocks forever
func (l *lister) provide(ctx context.Context, out chan<- snapshot) {
	go func() {
		for {
			conf, err := l.list(ctx)
			if err != nil {
				return
			}
			out <- snapshot{name: "poll", conf: conf} // want "goroutine-send-leak: the select at line [0-9]+ in this same loop gives up on .<-ctx.Done"
			if !l.watch {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(l.every):
			}
		}
	}()
}
