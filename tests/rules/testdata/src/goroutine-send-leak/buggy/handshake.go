package buggy

import "errors"

type peerConn struct{ id int }

type dialResult struct {
	c   *peerConn
	err error
}

func dialPeer(id int) (*peerConn, error) { return &peerConn{id}, nil }

func acceptPeer(id int) (*peerConn, error) {
	if id < 0 {
		return nil, errors.New("refused")
	}
	return &peerConn{id}, nil
}

// shape: each iteration makes its own channel and returns on the server's error before
// receiving the client's dialResult
func handshakes(n int) error {
	for id := 0; id < n; id++ {
		c := make(chan dialResult) // want "goroutine-send-leak: returns before receiving"
		go func() {
			client, err := dialPeer(id)
			c <- dialResult{client, err}
		}()
		if _, err := acceptPeer(id); err != nil {
			return err
		}
		if res := <-c; res.err != nil {
			return res.err
		}
	}
	return nil
}

type work struct{ off int64 }

// shape: the caller stops reading the error channel at the first error, while the reader
// goroutine may still report its own
func copyChunks(read func([]byte) (int, error), write func(work) error) error {
	cancel := make(chan struct{})
	workCh := make(chan work)
	errCh := make(chan error)
	go func() {
		defer close(workCh)
		var off int64
		b := make([]byte, 32)
		for {
			n, err := read(b)
			if n > 0 {
				select {
				case workCh <- work{off}:
				case <-cancel:
					return
				}
				off += int64(n)
			}
			if err != nil {
				errCh <- err // want "goroutine-send-leak: leaves the receive loop before every value is received"
				return
			}
		}
	}()
	go func() {
		for w := range workCh {
			if err := write(w); err != nil {
				errCh <- err // want "goroutine-send-leak: leaves the receive loop before every value is received"
				return
			}
		}
	}()
	for err := range errCh {
		close(cancel)
		return err
	}
	return nil
}
