package ok

import (
	"testing"
	"time"
)

func slowLookup() string { return "a" }

// shape: a test that gives up waiting leaves its goroutine blocked on the send, but only until
// the test binary exits: a leak in test code is not reported
func TestLookupAnswers(t *testing.T) {
	done := make(chan string)
	go func() {
		done <- slowLookup()
	}()
	select {
	case got := <-done:
		if got != "a" {
			t.Errorf("got %q", got)
		}
	case <-time.After(time.Second):
		t.Log("still waiting; moving on")
	}
}
