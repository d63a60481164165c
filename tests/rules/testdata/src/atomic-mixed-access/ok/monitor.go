package ok

import (
	"fmt"
	"sync/atomic"
)

// RunTally counts the results its monitor receives.
type RunTally struct {
	runs     int64
	failures int64
	results  chan bool
}

func (t *RunTally) Start(workers int, work func() bool) {
	for i := 0; i < workers; i++ {
		go func() {
			for {
				t.results <- work()
			}
		}()
	}
	go t.monitor()
}

// shape: the counters are added to atomically and printed plainly, all on the one monitor goroutine
func (t *RunTally) monitor() {
	show := func() { fmt.Printf("%d runs, %d failures\n", t.runs, t.failures) }
	for ok := range t.results {
		atomic.AddInt64(&t.runs, 1)
		if !ok {
			atomic.AddInt64(&t.failures, 1)
		}
		show()
	}
}
