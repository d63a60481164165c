package fixed

import (
	"context"
	"time"
)

type event struct{ id int }

func consume(events <-chan event, handle func(context.Context, event) error) error {
	for ev := range events {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := handle(ctx, ev)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}
