package ok

import (
	"testing"
	"time"
)

// Fail ends the running spec, as Ginkgo's dot-imported Fail does.
func Fail(msg string) { panic(msg) }

func blockingPop() string { return "a" }

// shape: a spec gives up waiting only by failing: the goroutine it leaves behind belongs to a
// spec that has already failed
func TestPopBlocks(t *testing.T) {
	done := make(chan bool)
	go func() {
		_ = blockingPop()
		done <- true
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		Fail("pop is still blocked")
	}
}
