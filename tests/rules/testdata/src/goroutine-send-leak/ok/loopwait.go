package ok

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

// shape: the goroutine sends on a channel it makes itself and closes when it ends; a reader
// that stops early is the local-channel check's business, and this reader drains to the close
func (l *lister) provide(ctx context.Context) <-chan snapshot {
	out := make(chan snapshot)
	go func() {
		defer close(out)
		for {
			conf, err := l.list(ctx)
			if err != nil {
				return
			}
			out <- snapshot{name: "poll", conf: conf}
			select {
			case <-ctx.Done():
				return
			case <-time.After(l.every):
			}
		}
	}()
	return out
}

func (l *lister) drain(ctx context.Context) int {
	n := 0
	for range l.provide(ctx) {
		n++
	}
	return n
}
