package fixed

import (
	"context"
	"fmt"
	"net"
)

func awaitReply(ctx context.Context, conn net.Conn, want string) error {
	ok := make(chan struct{}, 1)
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
