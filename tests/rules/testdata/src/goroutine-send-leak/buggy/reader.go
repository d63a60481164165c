package buggy

import "errors"

var errClosed = errors.New("closed")

type conn interface {
	Read() (string, error)
	Write(string) error
}

// shape: the reader goroutine loops, and reports the peer's close once, right before it returns
func serve(c conn, out <-chan string) error {
	closed := make(chan struct{}) // want "goroutine-send-leak: blocks forever on `closed <- struct{}{}`"
	go func() {
		for {
			if _, err := c.Read(); err != nil {
				if errors.Is(err, errClosed) {
					closed <- struct{}{}
				}
				return
			}
		}
	}()
	for {
		select {
		case s := <-out:
			if err := c.Write(s); err != nil {
				return err
			}
		case <-closed:
			return nil
		}
	}
}
