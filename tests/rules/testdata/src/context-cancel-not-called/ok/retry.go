package ok

import (
	"context"
	"errors"
	"time"
)

// Only the attempt that succeeds gets past its defer: every other iteration cancels its own
// context before the next.
func firstReply(ask func(context.Context) (string, error)) (string, error) {
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		reply, err := ask(ctx)
		if err != nil {
			cancel()
			continue
		}
		defer cancel()
		return reply, nil
	}
	return "", errors.New("no reply")
}
