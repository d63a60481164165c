package ok

import (
	"log"
	"time"
)

// shape: a reconnect loop that makes its timer before the attempt and goes round only once the
// timer has fired; the other case leaves: one timer pending at a time.

type collector interface {
	Collect() error
	Melted() <-chan struct{}
}

func connectLoop(c collector, every time.Duration) {
	for {
		timer := time.After(every)
		if err := c.Collect(); err != nil {
			log.Printf("collect: %v, retrying", err)
		}
		select {
		case <-timer:
			continue
		case <-c.Melted():
			log.Println("stopped")
			return
		}
	}
}
