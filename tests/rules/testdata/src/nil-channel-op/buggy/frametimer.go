package buggy

import (
	"errors"
	"time"
)

type stream interface{ Recv() (string, error) }

// shape: a frame timeout armed with time.AfterFunc, "drained" after it fired: the timer's C is
// nil and the receive never returns
func readFrames(s stream, timeout time.Duration, cancel func(), out chan<- string) {
	recvOne := func(t *time.Timer) bool {
		msg, err := s.Recv()
		if err != nil {
			if t != nil && !t.Stop() {
				<-t.C // want "nil-channel-op: `<-t.C` blocks forever: the timer comes from `time.AfterFunc`"
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

// shape: the timer made by AfterFunc drained in the function that makes it
func callWithDeadline(call func() error, d time.Duration, abort func()) error {
	t := time.AfterFunc(d, abort)
	err := call()
	if !t.Stop() {
		<-t.C // want "nil-channel-op: `<-t.C` blocks forever"
		return errSlow
	}
	return err
}
