package buggy

import (
	"log"
	"time"
)

// shape: a counted loop whose bound is lifted when rounds is zero: it then runs for as long as
// results come, one new timer each
func watchProgress(finished <-chan struct{}, workers, rounds int) {
	for i := 1; i < workers*rounds+1 || rounds <= 0; i++ {
		select {
		case <-finished:
		case <-time.After(time.Minute): // want "time-after-in-loop: new timer on every iteration"
			log.Panic("no progress after a minute")
		}
	}
}
