package buggy

import "context"

type Provider struct{ ID string }

type providerIter interface {
	Next() bool
	Val() Provider
	Close()
}

type router struct {
	find func(ctx context.Context, key string) providerIter
}

func forward(it providerIter, out chan<- Provider) {
	defer close(out)
	defer it.Close()
	for it.Next() {
		out <- it.Val() // want "goroutine-send-leak: `router.FindAsync` returns `out`, made unbuffered at line 27, and its caller `FirstProviders` stops receiving early"
	}
}

// FindAsync streams the providers of key on the channel it returns.
func (r *router) FindAsync(ctx context.Context, key string) <-chan Provider {
	out := make(chan Provider)
	go forward(r.find(ctx, key), out)
	return out
}

// shape: the caller takes what it needs and returns; the forwarding goroutine's next plain
// send has no receiver left
func FirstProviders(ctx context.Context, r *router, key string, max int) []Provider {
	var got []Provider
	ch := r.FindAsync(ctx, key)
	for len(got) < max {
		select {
		case <-ctx.Done():
			return got
		case p, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, p)
		}
	}
	return got
}
