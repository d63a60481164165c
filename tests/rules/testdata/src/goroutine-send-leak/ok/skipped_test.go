package ok

import (
	"testing"
	"time"
)

// shape: a test that skips itself first never runs: what it would leak does not matter
func TestTimerNeverFires(t *testing.T) {
	t.Skip("the standard library's timer is broken here")
	fail := make(chan struct{})
	tr := time.NewTimer(time.Hour)
	go func() {
		<-tr.C
		fail <- struct{}{}
	}()
	select {
	case <-fail:
		t.Error("fired")
	case <-time.After(100 * time.Millisecond):
	}
}
