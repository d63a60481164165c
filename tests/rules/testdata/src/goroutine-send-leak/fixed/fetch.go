package fixed

import (
	"context"
	"errors"
	"time"
)

func get(url string) string { return url }

// shape: buffer of one: the sender always delivers, then exits
func fetch(url string, d time.Duration) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- get(url)
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-time.After(d):
		return "", errors.New("timeout")
	}
}

// shape: buffered, so giving up on ctx.Done() leaves nobody blocked
func fetchCtx(ctx context.Context, url string) (string, error) {
	ch := make(chan string, 1)
	go func() {
		ch <- get(url)
	}()
	select {
	case body := <-ch:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
