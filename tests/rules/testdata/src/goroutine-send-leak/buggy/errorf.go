package buggy

import (
	"context"
	"fmt"
	"net"
)

// shape: the give-up case returns an error made with fmt.Errorf: it leaves, it does not fail
// a test
func awaitReply(ctx context.Context, conn net.Conn, want string) error {
	ok := make(chan struct{}) // want "goroutine-send-leak: `waitReply` stops receiving early|`ok` is unbuffered and `awaitReply` stops receiving early"
	go func() {
		buf := make([]byte, 512)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			if string(buf[:n]) == want {
				ok <- struct{}{}
				return
			}
		}
	}()
	select {
	case <-ok:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for %q: %w", want, ctx.Err())
	}
}
