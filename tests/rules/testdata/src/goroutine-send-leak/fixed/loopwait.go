package fixed

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

// shape: the polling goroutine gives up its send on the same context it waits on between passes
func (l *lister) provide(ctx context.Context, out chan<- snapshot) {
	go func() {
		for {
			conf, err := l.list(ctx)
			if err != nil {
				return
			}
			select {
			case out <- snapshot{name: "poll", conf: conf}:
			case <-ctx.Done():
				return
			}
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
