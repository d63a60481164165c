package ok

import (
	"testing"
	"time"
)

func TestMeterArbiterRuns(t *testing.T) {
	a := &meterArbiter{ticker: time.NewTicker(time.Millisecond)}
	done := make(chan struct{}, 1)
	a.fns = append(a.fns, func() {
		select {
		case done <- struct{}{}:
		default:
		}
	})
	go a.run()
	<-done
}
