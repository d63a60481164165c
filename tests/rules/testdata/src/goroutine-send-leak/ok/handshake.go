package ok

import (
	"errors"
	"testing"
)

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

// shape: each iteration makes its own channel, starts one goroutine and receives its one value
// before any way out of that iteration
func TestHandshakes(t *testing.T) {
	for id := 0; id < 3; id++ {
		c := make(chan dialResult)
		go func() {
			client, err := dialPeer(id)
			c <- dialResult{client, err}
		}()
		server, err := acceptPeer(id)
		if err != nil {
			t.Errorf("accept %d: %v", id, err)
		}
		res := <-c
		if res.err != nil {
			t.Fatalf("dial %d: %v", id, res.err)
		}
		if server == nil || res.c == nil {
			return
		}
	}
}

type work struct{ off int64 }

// shape: a reader goroutine reports its error on a channel the caller ranges over until it is
// closed, and its other send gives up on cancel: the report is always received
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
				errCh <- err
				return
			}
		}
	}()
	done := make(chan struct{})
	go func() {
		for w := range workCh {
			if err := write(w); err != nil {
				errCh <- err
			}
		}
		close(done)
	}()
	go func() {
		<-done
		close(errCh)
	}()
	var first error
	for err := range errCh {
		if first == nil {
			first = err
			close(cancel)
		}
	}
	return first
}
