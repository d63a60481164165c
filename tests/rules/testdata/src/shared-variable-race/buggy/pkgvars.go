package buggy

import (
	"sync"
	"time"
)

// Package-level counters guarded by a package-level mutex everywhere but in the janitor
// goroutine, which resets one of them without the lock.
var (
	statsMu      sync.Mutex
	statRequests int
	statLastSeen time.Time
)

func RecordRequest() {
	statsMu.Lock()
	statRequests++
	statLastSeen = time.Now()
	statsMu.Unlock()
}

func RequestStats() (int, time.Time) {
	statsMu.Lock()
	defer statsMu.Unlock()
	return statRequests, statLastSeen
}

func StartStatsJanitor(every time.Duration) {
	go resetStats(every)
}

func resetStats(every time.Duration) {
	for {
		time.Sleep(every)
		statRequests = 0 // want "shared-variable-race: writes `statRequests` with no lock while `RecordRequest` writes it .* holding `statsMu`"
	}
}
