package buggy

import (
	"context"
	"time"
)

func fetch(ctx context.Context, url string) (int, error) {
	<-ctx.Done()
	return len(url), ctx.Err()
}

// shape: the cancel function is discarded
func Fetch(ctx context.Context, url string) (int, error) {
	ctx, _ = context.WithTimeout(ctx, time.Second) // want "context-cancel-not-called: cancel"
	return fetch(ctx, url)
}

// shape: discarded in a short variable declaration
func FetchFast(parent context.Context, url string) (int, error) {
	ctx, _ := context.WithTimeout(parent, 10*time.Millisecond) // want "context-cancel-not-called: cancel"
	return fetch(ctx, url)
}
