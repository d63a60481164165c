package fixed

import (
	"context"
	"errors"
	"time"
)

// shape: deferred cancel
func Poll(parent context.Context) error {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Second))
	defer cancel()
	_, err := fetch(ctx, "poll")
	return err
}

var errBad = errors.New("bad url")

// shape: check before creating the context
func Check(parent context.Context, url string) error {
	if url == "" {
		return errBad
	}
	ctx, cancel := context.WithCancel(parent)
	_, err := fetch(ctx, url)
	cancel()
	return err
}
