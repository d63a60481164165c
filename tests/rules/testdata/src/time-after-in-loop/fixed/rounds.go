package fixed

import (
	"log"
	"time"
)

// shape: one progress timer, reset after each result
func watchProgress(finished <-chan struct{}, workers, rounds int) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for i := 1; i < workers*rounds+1 || rounds <= 0; i++ {
		select {
		case <-finished:
			if !t.Stop() {
				<-t.C
			}
			t.Reset(time.Minute)
		case <-t.C:
			log.Panic("no progress after a minute")
		}
	}
}
