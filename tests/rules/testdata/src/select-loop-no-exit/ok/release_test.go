package ok

import (
	"testing"
	"time"
)

type probe struct{ hits int }

func (p *probe) Close() {}

// shape: a test helper method of a closable type starts a ticker loop for the test's lifetime
func (p *probe) start() {
	go func() {
		for range time.Tick(time.Millisecond) {
			p.hits++
		}
	}()
}

func TestProbeTicks(t *testing.T) {
	p := &probe{}
	p.start()
	defer p.Close()
}
