package fixed

import (
	"context"
	"time"
)

func fetch(ctx context.Context, url string) (int, error) {
	<-ctx.Done()
	return len(url), ctx.Err()
}

// shape: keep and defer the cancel function
func Fetch(ctx context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return fetch(ctx, url)
}

// shape: defer cancel right after the call
func FetchFast(parent context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(parent, 10*time.Millisecond)
	defer cancel()
	return fetch(ctx, url)
}
