package fixed

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

func forward(ctx context.Context, it providerIter, out chan<- Provider) {
	defer close(out)
	defer it.Close()
	for it.Next() {
		select {
		case out <- it.Val():
		case <-ctx.Done():
			return
		}
	}
}

// FindAsync streams the providers of key on the channel it returns.
func (r *router) FindAsync(ctx context.Context, key string) <-chan Provider {
	out := make(chan Provider)
	go forward(ctx, r.find(ctx, key), out)
	return out
}

// the caller cancels the context it handed over when it stops, and the sender gives up with it
func FirstProviders(ctx context.Context, r *router, key string, max int) []Provider {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
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
