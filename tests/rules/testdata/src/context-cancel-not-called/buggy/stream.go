package buggy

import (
	"context"
	"time"
)

type event struct{ id int }

// Every event gets a fresh timeout context, and its cancel waits for the stream to end.
func consume(events <-chan event, handle func(context.Context, event) error) error {
	for ev := range events {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel() // want "context-cancel-not-called: `defer cancel..` runs only when `consume` returns"
		if err := handle(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}
