package buggy

import (
	"context"
	"errors"
	"time"
)

// shape: cancel is called on the error path only
func Poll(parent context.Context) error {
	ctx, cancel := context.WithDeadline(parent, time.Now().Add(time.Second)) // want "context-cancel-not-called: cancel"
	_, err := fetch(ctx, "poll")
	if err != nil {
		cancel()
		return err
	}
	return nil
}

var errBad = errors.New("bad url")

// shape: cancel is called on the happy path only
func Check(parent context.Context, url string) error {
	ctx, cancel := context.WithCancel(parent) // want "context-cancel-not-called: cancel"
	if url == "" {
		return errBad
	}
	_, err := fetch(ctx, url)
	cancel()
	return err
}
