package ok

import (
	"sync"
	"sync/atomic"
	"time"
)

var (
	tallyMu    sync.Mutex
	tallyTotal int
	tallyDrops int64
	tallyLabel string
	tallyOnce  int
)

func AddTally(n int) {
	tallyMu.Lock()
	tallyTotal += n
	tallyMu.Unlock()
}

func Tally() int {
	tallyMu.Lock()
	defer tallyMu.Unlock()
	return tallyTotal
}

// Set once before anything starts: the lock is never its discipline.
func init() {
	tallyLabel = "tally"
}

func StartTally() {
	go drainTally()
	go countDrops()
	go labelTally()
}

// The write holds the lock that guards the total.
func drainTally() {
	for {
		time.Sleep(time.Second)
		tallyMu.Lock()
		tallyTotal = 0
		tallyMu.Unlock()
	}
}

// Updated only through sync/atomic: atomic-mixed-access's business, not a lock's.
func countDrops() {
	atomic.AddInt64(&tallyDrops, 1)
}

// Read and written with no lock anywhere else either: nothing says a lock guards it.
func labelTally() {
	tallyLabel = "draining"
	tallyOnce = len(tallyLabel)
}

func TallyLabel() string {
	tallyMu.Lock()
	defer tallyMu.Unlock()
	return tallyLabel
}
