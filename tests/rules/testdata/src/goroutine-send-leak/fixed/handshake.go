package fixed

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

// shape: each iteration's channel has room for its one dialResult, so the client never blocks
func handshakes(n int) error {
	for id := 0; id < n; id++ {
		c := make(chan dialResult, 1)
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

// shape: the error channel has room for both goroutines' errors, so neither blocks when the
// caller stops at the first
func copyChunks(read func([]byte) (int, error), write func(work) error) error {
	cancel := make(chan struct{})
	workCh := make(chan work)
	errCh := make(chan error, 2)
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
				errCh <- err
				return
			}
		}
	}()
	go func() {
		for w := range workCh {
			if err := write(w); err != nil {
				errCh <- err
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
