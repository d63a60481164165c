package fixed

import (
	"errors"
	"time"
)

type stream interface{ Recv() (string, error) }

func readFrames(s stream, timeout time.Duration, cancel func(), out chan<- string) {
	recvOne := func(t *time.Timer) bool {
		msg, err := s.Recv()
		if err != nil {
			if t != nil && !t.Stop() && t.C != nil {
				<-t.C
			}
			return false
		}
		t.Reset(timeout)
		out <- msg
		return true
	}
	var t *time.Timer
	if timeout > 0 {
		t = time.AfterFunc(timeout, cancel)
		defer t.Stop()
	}
	for recvOne(t) {
	}
}

var errSlow = errors.New("slow")

func callWithDeadline(call func() error, d time.Duration, abort func()) error {
	t := time.AfterFunc(d, abort)
	err := call()
	if !t.Stop() {
		return errSlow
	}
	return err
}
