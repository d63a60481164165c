package poll_test

import (
	"testing"
	"time"

	poll "example.com/detect/tickerleak/buggy"
)

func TestPoller(t *testing.T) {
	var p poll.Poller
	p.Start(time.Millisecond)
	defer p.Stop()
	time.Sleep(10 * time.Millisecond)
	if p.Count() == 0 {
		t.Fatal("never polled")
	}
}
