package buggy

import (
	"context"
	"errors"
	"time"
)

func get(url string) string { return url }

// shape: single sender, the receiver times out in a select
func fetch(url string, d time.Duration) (string, error) {
	ch := make(chan string) // want "goroutine-send-leak: blocks forever"
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

// shape: the receiver gives up when the context is cancelled
func fetchCtx(ctx context.Context, url string) (string, error) {
	ch := make(chan string) // want "goroutine-send-leak: blocks forever"
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
