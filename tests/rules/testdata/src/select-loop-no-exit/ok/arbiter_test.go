package ok

import (
	"testing"
	"time"
)

func TestArbiterTicks(t *testing.T) {
	a := &arbiter{ticker: time.NewTicker(time.Millisecond)}
	done := make(chan struct{}, 1)
	a.meters = append(a.meters, func() {
		select {
		case done <- struct{}{}:
		default:
		}
	})
	go a.tick()
	<-done
}
